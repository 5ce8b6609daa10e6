package nethttp

// SetQueuedHook sets the hook that sees the body bytes waiting for Read
// (nil removes it).
func SetQueuedHook(fn func(int)) { testHookQueued = fn }
