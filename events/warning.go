package events

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sync"
)

// Warning is a process warning, such as MaxListenersExceededWarning
// (Node's process.emitWarning). For that warning Emitter, Type, Event and
// Count are set.
type Warning struct {
	Name    string
	Message string
	Emitter *Emitter
	// Type is the event name as registered (Node's warning.type): for a
	// Symbol event the symbol itself, equal to the value Symbol returned.
	Type string
	// Event is Type as printed (Symbol(desc) for a symbol).
	Event string
	Count int
	Stack []byte
}

// Error returns the warning's message.
func (w *Warning) Error() string { return w.Message }

var warnings struct {
	sync.Mutex
	hooks   map[int]func(*Warning)
	nextID  int
	out     io.Writer
	outSet  bool
	printed bool
}

// OnWarning adds a process-wide warning listener (Node's
// process.on('warning')) and returns a function that removes it. Safe for
// concurrent use; fn runs on whichever goroutine raised the warning
// (for emitter warnings: the loop's, on the next tick when the emitter
// has a scheduler).
func OnWarning(fn func(*Warning)) (remove func()) {
	warnings.Lock()
	defer warnings.Unlock()
	if warnings.hooks == nil {
		warnings.hooks = map[int]func(*Warning){}
	}
	id := warnings.nextID
	warnings.nextID++
	warnings.hooks[id] = fn
	return func() {
		warnings.Lock()
		delete(warnings.hooks, id)
		warnings.Unlock()
	}
}

// SetWarningOutput sets where warnings are printed; nil silences them.
// The default is os.Stderr, unless UVGO_NO_WARNINGS or NODE_NO_WARNINGS is
// set to 1. Safe for concurrent use.
func SetWarningOutput(w io.Writer) {
	warnings.Lock()
	warnings.out, warnings.outSet = w, true
	warnings.Unlock()
}

func warningOutput() io.Writer {
	if warnings.outSet {
		return warnings.out
	}
	if os.Getenv("UVGO_NO_WARNINGS") == "1" || os.Getenv("NODE_NO_WARNINGS") == "1" {
		return nil
	}
	return os.Stderr
}

// EmitWarning delivers w to the warning listeners and prints it in Node's
// format, "(uvgo:<pid>) <Name>: <Message>"; the first warning of the
// process also says how to see where it came from
// (UVGO_TRACE_WARNINGS=1 prints the stack).
func EmitWarning(w *Warning) {
	warnings.Lock()
	hooks := make([]func(*Warning), 0, len(warnings.hooks))
	for id := 0; id < warnings.nextID; id++ {
		if h, ok := warnings.hooks[id]; ok {
			hooks = append(hooks, h)
		}
	}
	out := warningOutput()
	first := !warnings.printed
	if out != nil {
		warnings.printed = true
	}
	warnings.Unlock()
	for _, h := range hooks {
		h(w)
	}
	if out == nil {
		return
	}
	fmt.Fprintf(out, "(uvgo:%d) %s: %s\n", os.Getpid(), w.Name, w.Message)
	if os.Getenv("UVGO_TRACE_WARNINGS") == "1" && len(w.Stack) > 0 {
		out.Write(w.Stack)
	} else if first {
		fmt.Fprintln(out, "(Use UVGO_TRACE_WARNINGS=1 to show where the warning was created)")
	}
}

func (e *Emitter) warnMaxListeners(name string, count, max int) {
	typ := e.typeName
	if typ == "" {
		typ = "EventEmitter"
	}
	disp := DisplayName(name)
	w := &Warning{
		Name: "MaxListenersExceededWarning",
		Message: fmt.Sprintf("Possible EventEmitter memory leak detected. %d %s listeners added to [%s]. "+
			"MaxListeners is %d. Use emitter.setMaxListeners() to increase limit", count, disp, typ, max),
		Emitter: e,
		Type:    name,
		Event:   disp,
		Count:   count,
	}
	if os.Getenv("UVGO_TRACE_WARNINGS") == "1" {
		w.Stack = debug.Stack()
	}
	if e.sched != nil {
		e.sched.NextTick(func() { EmitWarning(w) })
		return
	}
	EmitWarning(w)
}
