// Package lent lists the pipe destinations that may be handed lent
// chunks (stream's buffer loans): the types of uvgo's own packages whose
// write path is the Writable's own and honours ReleasesChunks. A pipe
// hands a lent chunk only to a destination of a listed type, so a user
// type that wraps one of them (embedding it and overriding WriteChunk,
// say) never sees a buffer that goes back to a pool. Types are listed
// from init functions only; the list is read-only afterwards.
package lent

import "reflect"

var trusted = map[reflect.Type]bool{}

// Trust lists v's dynamic type (a nil pointer of the type will do). Call
// it from an init function.
func Trust(v any) { trusted[reflect.TypeOf(v)] = true }

// Trusted reports whether v's dynamic type is listed.
func Trusted(v any) bool { return trusted[reflect.TypeOf(v)] }
