package http

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Node 20's clientError errors for the same bytes (recorded with a
// 'clientError' listener on Node's http server).
func TestClientErrorAsNode(t *testing.T) {
	cases := []struct {
		name, data   string
		code, msg    string
		bytesParsed  int
		closeAfterIn bool
	}{
		{"invalid method", "FOO / HTTP/1.1\r\n\r\n", "HPE_INVALID_METHOD", "Parse Error: Invalid method encountered", 1, false},
		{"te then cl", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", "HPE_INVALID_CONTENT_LENGTH", "Parse Error: Content-Length can't be present with Transfer-Encoding", -1, false},
		{"cl then empty te", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding:\r\n\r\n", "HPE_INVALID_TRANSFER_ENCODING", "Parse Error: Transfer-Encoding can't be present with Content-Length", -1, false},
		{"cr in header line", "GET / HTTP/1.1\r\nHost: x\r\rX: 1\r\n\r\n", "HPE_LF_EXPECTED", "Parse Error: Missing expected LF after header value", 24, false},
		{"cr after chunk size", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\rXhello", "HPE_STRICT", "Parse Error: Expected LF after chunk size", 58, false},
		{"eof in headers", "GET / HTTP/1.1\r\nHost", "HPE_INVALID_EOF_STATE", "Parse Error", 0, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, conn, _ := newMemServer(t, func(req *IncomingMessage, res *ServerResponse) { res.End(nil) })
			var got []*ClientError
			conn.srv.OnClientError(func(err error, sock *Socket) {
				ce, ok := err.(*ClientError)
				require.True(t, ok, "%T", err)
				got = append(got, ce)
			})
			conn.feed([]byte(c.data))
			if c.closeAfterIn {
				conn.feedEOF()
			}
			require.Len(t, got, 1)
			e := got[0]
			assert.Equal(t, c.code, e.Code)
			assert.Equal(t, c.msg, e.Error())
			if c.closeAfterIn {
				assert.Nil(t, e.RawPacket)
				assert.Equal(t, 0, e.BytesParsed)
				assert.Equal(t, "Invalid EOF state", e.Reason)
				return
			}
			assert.Equal(t, c.data, string(e.RawPacket))
			if c.bytesParsed >= 0 {
				assert.Equal(t, c.bytesParsed, e.BytesParsed)
			}
		})
	}
}

// Node's socketOnError picks the canned reply by code.
func TestCannedReplyByCode(t *testing.T) {
	assert.Equal(t, headersTooLarge, cannedReply("HPE_HEADER_OVERFLOW"))
	assert.Equal(t, payloadTooLarge, cannedReply("HPE_CHUNK_EXTENSIONS_OVERFLOW"))
	assert.Equal(t, requestTimeout, cannedReply("ERR_HTTP_REQUEST_TIMEOUT"))
	assert.Equal(t, badRequest, cannedReply("HPE_INVALID_METHOD"))
}
