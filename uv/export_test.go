package uv

// ForceChecking turns the loop-thread check on or off for a test and
// returns the function that restores the previous setting.
func ForceChecking(on bool) (restore func()) {
	prev := checking
	checking = on
	return func() { checking = prev }
}
