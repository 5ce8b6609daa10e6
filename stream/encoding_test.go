package stream

import (
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Expected values printed by Node 20 (Buffer.from(s, enc).toString('hex')
// and Buffer.from(hex, 'hex').toString()).
func TestEncodeStringLikeNode(t *testing.T) {
	for _, c := range []struct{ s, enc, want string }{
		{"aGk=Zg", encBase64, "6869"},
		{"aG k\nZg", encBase64, "686919"},
		{"aGk", encBase64URL, "6869"},
		{"a", encBase64, ""},
		{"abcde", encBase64, "69b71d"},
		{"a-_b", encBase64, "6befdb"},
		{"%%aGk=", encBase64, "6869"},
		{"AbCdEf0", encHex, "abcdef"},
		{"0x12", encHex, ""},
		{"€😀é", encLatin1, "ac3d00e9"},
		{"€😀é", encASCII, "ac3d00e9"},
		{"€😀é", encUTF16LE, "ac203dd800dee900"},
	} {
		assert.Equal(t, c.want, hex.EncodeToString(encodeString(c.s, c.enc)), "%q %s", c.s, c.enc)
	}
}

func TestUTF8ReplacementLikeNode(t *testing.T) {
	for in, want := range map[string]string{
		"e282":         "\ufffd",
		"f09f98":       "\ufffd",
		"ff00":         "\ufffd\x00",
		"e080":         "\ufffd\ufffd",
		"eda080":       "\ufffd\ufffd\ufffd",
		"61e28262f490": "a\ufffdb\ufffd\ufffd",
	} {
		b, _ := hex.DecodeString(in)
		assert.Equal(t, want, toValidUTF8(b), in)
	}
}
