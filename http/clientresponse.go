package http

// Trailers returns the trailers by lowercase name, with the duplicate
// rules of Headers (Node's message.trailers); empty until the message is
// complete.
func (m *IncomingMessage) Trailers() map[string][]string {
	t := map[string][]string{}
	for i := 0; i+1 < len(m.RawTrailers); i += 2 {
		lower := lowerName(m.RawTrailers[i])
		v := m.RawTrailers[i+1]
		have, ok := t[lower]
		switch {
		case !ok:
			t[lower] = []string{v}
		case lower == "set-cookie":
			t[lower] = append(have, v)
		case lower == "cookie":
			have[0] += "; " + v
		case firstWins[lower]:
		default:
			have[0] += ", " + v
		}
	}
	return t
}
