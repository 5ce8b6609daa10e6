package http

// Names of the events http's objects emit beyond those of streams,
// sockets and servers (package events has those: "close", "finish",
// "connection", "connect", "timeout", ...). The typed helpers (OnRequest,
// OnUpgrade, OnClientError, ...) register for them without a name.
const (
	EventRequest          = "request"          // Server: a request and its response
	EventCheckContinue    = "checkContinue"    // Server: Expect: 100-continue, with a listener
	EventCheckExpectation = "checkExpectation" // Server: another Expect value, with a listener
	EventClientError      = "clientError"      // Server: a request could not be parsed (or timed out)
	EventUpgrade          = "upgrade"          // Server: Connection: upgrade, with a listener
	EventAborted          = "aborted"          // IncomingMessage: the connection ended before it was complete
)
