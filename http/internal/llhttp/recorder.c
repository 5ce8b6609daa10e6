/* uvgo's token recorder around llhttp; see recorder.h and the package
 * doc (llhttp.go) for the design: llhttp 8.1 parses, a small framing
 * validator written from RFC 9112 and Node 20's observed answers checks
 * the bytes llhttp sees with Node 20's (llhttp 9.3's) strictness. */
#include <stdlib.h>
#include <string.h>
#include "recorder.h"

#define UVGO_EOF_CODE (-4095) /* UV_EOF */
#define MAX_CHUNK_EXTENSIONS (16 * 1024)

#define HP(p) ((uvgo_http_parser *)(p)->data)

static int on_message_begin(llhttp_t *p);
static int on_url(llhttp_t *p, const char *at, size_t len);
static int on_field(llhttp_t *p, const char *at, size_t len);
static int on_value(llhttp_t *p, const char *at, size_t len);
static int on_field_done(llhttp_t *p);
static int on_value_done(llhttp_t *p);
static int on_headers_complete(llhttp_t *p);
static int on_body(llhttp_t *p, const char *at, size_t len);
static int on_message_complete(llhttp_t *p);
static int on_chunk_header(llhttp_t *p);
static int on_chunk_complete(llhttp_t *p);
static int on_status(llhttp_t *p, const char *at, size_t len);

/* Filled at compile time: nothing to initialise lazily, so loops started
 * at once on several threads share it safely. */
static const llhttp_settings_t the_settings = {
    .on_message_begin = on_message_begin,
    .on_url = on_url,
    .on_status = on_status,
    .on_header_field = on_field,
    .on_header_value = on_value,
    .on_header_field_complete = on_field_done,
    .on_header_value_complete = on_value_done,
    .on_headers_complete = on_headers_complete,
    .on_body = on_body,
    .on_message_complete = on_message_complete,
    .on_chunk_header = on_chunk_header,
    .on_chunk_complete = on_chunk_complete,
};

uvgo_http_scratch *uvgo_http_scratch_new(void) {
  uvgo_http_scratch *s = calloc(1, sizeof(*s));
  if (s == NULL) return NULL;
  s->cap = 64;
  s->toks = malloc(sizeof(uvgo_tok) * s->cap);
  if (s->toks == NULL) { free(s); return NULL; }
  return s;
}

void uvgo_http_scratch_free(uvgo_http_scratch *s) {
  if (s == NULL) return;
  free(s->toks);
  free(s);
}

uvgo_http_parser *uvgo_http_parser_new(uvgo_http_scratch *s, uint32_t max_header_bytes) {
  uvgo_http_parser *hp = calloc(1, sizeof(*hp));
  if (hp == NULL) return NULL;
  hp->scratch = s;
  hp->max_header_bytes = max_header_bytes;
  llhttp_init(&hp->p, HTTP_REQUEST, &the_settings);
  hp->p.data = hp;
  return hp;
}

/* A response parser (an HTTP client's): the same recorder and validator,
 * with the status line in place of the request line. */
uvgo_http_parser *uvgo_http_parser_new_response(uvgo_http_scratch *s, uint32_t max_header_bytes) {
  uvgo_http_parser *hp = calloc(1, sizeof(*hp));
  if (hp == NULL) return NULL;
  hp->scratch = s;
  hp->max_header_bytes = max_header_bytes;
  hp->response = 1;
  llhttp_init(&hp->p, HTTP_RESPONSE, &the_settings);
  hp->p.data = hp;
  return hp;
}

void uvgo_http_parser_free(uvgo_http_parser *hp) { free(hp); }

void uvgo_http_parser_reset(uvgo_http_parser *hp) {
  uvgo_http_scratch *s = hp->scratch;
  uint32_t max = hp->max_header_bytes;
  uint8_t response = hp->response;
  memset(hp, 0, sizeof(*hp));
  hp->scratch = s;
  hp->max_header_bytes = max;
  hp->response = response;
  llhttp_init(&hp->p, response ? HTTP_RESPONSE : HTTP_REQUEST, &the_settings);
  hp->p.data = hp;
}

/* An error found in a callback: llhttp stops with HPE_USER and the filter
 * reports code with reason. */
static int own_error(llhttp_t *p, int code, const char *reason) {
  HP(p)->own_code = code;
  HP(p)->own_reason = reason;
  llhttp_set_error_reason(p, reason);
  return HPE_USER;
}

void uvgo_http_resume_after_upgrade(uvgo_http_parser *hp) { llhttp_resume_after_upgrade(&hp->p); }

static int push(uvgo_http_parser *hp, uint32_t kind, const char *at, size_t len, uint64_t val) {
  uvgo_http_scratch *s = hp->scratch;
  uvgo_tok *t;
  if (s->n == s->cap) {
    uint32_t ncap = s->cap * 2;
    uvgo_tok *nt = realloc(s->toks, sizeof(uvgo_tok) * ncap);
    if (nt == NULL) return -1;
    s->toks = nt;
    s->cap = ncap;
  }
  t = &s->toks[s->n++];
  t->kind = kind;
  t->off = at ? (uint32_t)(at - hp->base) : 0;
  t->len = (uint32_t)len;
  t->pad = 0;
  t->val = val;
  return 0;
}

/* Node counts URL, field and value bytes against maxHeaderSize. */
static int track(llhttp_t *p, size_t len) {
  uvgo_http_parser *hp = HP(p);
  hp->header_bytes += (uint32_t)len;
  if (hp->max_header_bytes > 0 && hp->header_bytes >= hp->max_header_bytes)
    return own_error(p, UVGO_E_HEADER_OVERFLOW, "Header overflow");
  return 0;
}

static int on_message_begin(llhttp_t *p) {
  HP(p)->in_message = 1;
  HP(p)->header_bytes = 0;
  HP(p)->field_len = 0;
  return push(HP(p), UVGO_T_BEGIN, NULL, 0, 0);
}

static int span(llhttp_t *p, uint32_t kind, const char *at, size_t len) {
  int r = track(p, len);
  if (r != 0) return r;
  return push(HP(p), kind, at, len, 0);
}

static int on_status(llhttp_t *p, const char *at, size_t len) { return span(p, UVGO_T_STATUS, at, len); }

static int on_url(llhttp_t *p, const char *at, size_t len) {
  size_t i;
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)at[i];
    if (c >= 0x80) return own_error(p, HPE_INVALID_URL, "Invalid char in url path");
    if (c == '\t' || c == '\f') return own_error(p, HPE_INVALID_URL, "Invalid characters in url");
  }
  return span(p, UVGO_T_URL, at, len);
}

static const char cl_name[] = "content-length";
static const char te_name[] = "transfer-encoding";

static int on_field(llhttp_t *p, const char *at, size_t len) {
  uvgo_http_parser *hp = HP(p);
  size_t i;
  if (hp->field_len == 0) hp->field_match = 3;
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)at[i];
    uint32_t k = hp->field_len + (uint32_t)i;
    if (c == ' ' || c == '\t') return own_error(p, HPE_INVALID_HEADER_TOKEN, "Invalid header token");
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    if (k >= sizeof(cl_name) - 1 || cl_name[k] != c) hp->field_match &= ~1;
    if (k >= sizeof(te_name) - 1 || te_name[k] != c) hp->field_match &= ~2;
  }
  hp->field_len += (uint32_t)len;
  return span(p, UVGO_T_FIELD, at, len);
}

static int on_value(llhttp_t *p, const char *at, size_t len) {
  /* Transfer-Encoding in trailers: Node 20 refuses it at its first value
   * byte (an empty value passes), so a read ending before the value
   * changes nothing. */
  if ((HP(p)->field_match & 4) && len > 0)
    return own_error(p, HPE_INVALID_TRANSFER_ENCODING, "Invalid `Transfer-Encoding` header value");
  return span(p, UVGO_T_VALUE, at, len);
}

/* Node 20 refuses Content-Length and Transfer-Encoding together in either
 * order (llhttp 8.1 lets an empty or odd Transfer-Encoding after a
 * Content-Length through), Content-Length in trailers, and a non-empty
 * Transfer-Encoding in trailers. */
static int on_field_done(llhttp_t *p) {
  uvgo_http_parser *hp = HP(p);
  int cl = (hp->field_match & 1) && hp->field_len == sizeof(cl_name) - 1;
  int te = (hp->field_match & 2) && hp->field_len == sizeof(te_name) - 1;
  if (hp->field_len == 0) return own_error(p, HPE_INVALID_HEADER_TOKEN, "Invalid header token");
  if (hp->in_body) {
    if (cl) return own_error(p, HPE_INVALID_CONTENT_LENGTH, "Content-Length can't be present with Transfer-Encoding");
    if (te) hp->field_match |= 4; /* refused at its first value byte (on_value) */
  } else {
    if (te && (p->flags & F_CONTENT_LENGTH))
      return own_error(p, HPE_INVALID_TRANSFER_ENCODING, "Transfer-Encoding can't be present with Content-Length");
    if (cl && (p->flags & F_TRANSFER_ENCODING))
      return own_error(p, HPE_INVALID_CONTENT_LENGTH, "Content-Length can't be present with Transfer-Encoding");
  }
  return push(hp, UVGO_T_FIELD_DONE, NULL, 0, 0);
}

static int on_value_done(llhttp_t *p) {
  HP(p)->field_len = 0;
  return push(HP(p), UVGO_T_VALUE_DONE, NULL, 0, 0);
}

/* Response mode: what Node's client (parserOnIncomingClient) decides at
 * the headers of a response, made here because llhttp needs it before
 * Go sees the response. The answer to a CONNECT ends HTTP (upgrade); 1xx
 * (but a 101 upgrade), the answer to HEAD and 304 have no body. */
static void response_framing(uvgo_http_parser *hp) {
  llhttp_t *p = &hp->p;
  if (hp->expect == UVGO_EXPECT_CONNECT) {
    p->upgrade = 1;
    p->flags |= F_SKIPBODY;
    return;
  }
  if (p->upgrade) return;
  if ((p->status_code >= 100 && p->status_code < 200) || p->status_code == 304 || hp->expect == UVGO_EXPECT_HEAD)
    p->flags |= F_SKIPBODY;
}

static int on_headers_complete(llhttp_t *p) {
  uint64_t method = HP(p)->query ? UVGO_METHOD_QUERY : p->method;
  uint64_t v;
  int r;
  if (HP(p)->response) {
    method = 0;
    response_framing(HP(p));
  }
  v = method | ((uint64_t)p->http_major << 8) | ((uint64_t)p->http_minor << 16) |
      ((uint64_t)(llhttp_should_keep_alive(p) ? 1 : 0) << 24) | ((uint64_t)(p->upgrade ? 1 : 0) << 25) |
      ((uint64_t)p->flags << 32) | ((uint64_t)(HP(p)->response ? p->status_code : 0) << 48);
  HP(p)->header_bytes = 0;
  r = push(HP(p), UVGO_T_HEADERS_DONE, NULL, 0, v);
  if (r != 0) return r;
  /* Pause so the filter tells the validator how the body is framed; it
   * resumes at once. */
  HP(p)->paused_at = 1;
  return HPE_PAUSED;
}

static int on_body(llhttp_t *p, const char *at, size_t len) { return push(HP(p), UVGO_T_BODY, at, len, 0); }

static int on_message_complete(llhttp_t *p) {
  uint64_t keep = llhttp_should_keep_alive(p) ? 1 : 0;
  int r = push(HP(p), UVGO_T_MESSAGE_DONE, NULL, 0, keep);
  if (r != 0) return r;
  if (!keep) HP(p)->closed = 1;
  HP(p)->in_message = 0;
  HP(p)->query = 0;
  HP(p)->paused_at = 2;
  return HPE_PAUSED;
}

static int on_chunk_header(llhttp_t *p) {
  HP(p)->ext_bytes = 0;
  return push(HP(p), UVGO_T_CHUNK_HEADER, NULL, 0, p->content_length);
}

static int on_chunk_complete(llhttp_t *p) { return push(HP(p), UVGO_T_CHUNK_DONE, NULL, 0, 0); }

/*
 * The framing validator. It reads the same bytes as llhttp, once each, and
 * keeps its state across reads, so a check never depends on where a read
 * ends. It checks what Node 20's llhttp 9.3 refuses and Debian's 8.1 lets
 * through, from RFC 9112's grammar and Node's observed answers:
 *   - the request line and every header and trailer line end in CRLF: a CR
 *     not followed by LF, and a bare LF, are errors (Node allows bare CR/LF
 *     only between messages);
 *   - a header or trailer line starting with SP or HTAB (obs-fold) is an
 *     error;
 *   - chunk-size lines: hex digits, then extensions (";" token
 *     ["=" (token | quoted-string)]) without whitespace, then CRLF; chunk
 *     data is followed by CRLF; trailers end with CRLF.
 * The body framing comes from llhttp at headers complete (chunked, a
 * Content-Length, or none). Chunk extensions are checked here and not
 * shown to llhttp 8.1, whose extension grammar is narrower than 9.3's.
 */
enum {
  V_START = 0, /* between messages */
  V_RL, V_RL_CR,
  V_HL_FIRST, V_HL_START, V_HL_START0, V_HL, V_HL_VAL0, V_HL_VAL, V_HL_CR, V_HL_CR0, V_HL_END_CR, /* header or trailer lines */
  V_FRAMING,                              /* header section done: waiting for llhttp */
  V_BODY,                                 /* Content-Length body */
  V_EOF_BODY,                             /* response body delimited by the connection's close */
  V_CS_SIZE0, V_CS_SIZE, V_CS_SEMI, V_CS_NAME0, V_CS_NAME2, V_CS_NAME, V_CS_VAL0, V_CS_VAL, V_CS_Q, V_CS_QP, V_CS_QEND,
  V_CS_SIZE_END, V_CS_SIZE_CR, V_CS_DATA, V_CS_DATA_CR, V_CS_DATA_LF,
  V_OFF /* upgraded: not HTTP any more */
};

/* vscan's answers. */
enum { VS_NONE = 0, VS_END, VS_FRAMING, VS_HIDE, VS_UNHIDE, VS_ERROR };

/* RFC 9110 tchar. */
static const uint8_t tchar[256] = {
    ['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1, ['\''] = 1, ['*'] = 1, ['+'] = 1, ['-'] = 1, ['.'] = 1,
    ['^'] = 1, ['_'] = 1, ['`'] = 1, ['|'] = 1, ['~'] = 1,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1,
    ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
    ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1,
    ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
    ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

static int hexval(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* A validator error: code and reason for the filter. */
static int verror(uvgo_http_parser *hp, const unsigned char *q, const char **stop, int code, const char *reason) {
  hp->vcode = code;
  hp->vreason = reason;
  *stop = (const char *)q;
  return VS_ERROR;
}

/* Scans [from, end): VS_END when all of it is fine, or stops early (stop
 * is set) at the end of a header section (VS_FRAMING, after its LF), at
 * the start (VS_HIDE) or end (VS_UNHIDE) of a chunk-size line's
 * extensions, or at an error (VS_ERROR, at the offending byte). */
static int vscan(uvgo_http_parser *hp, const char *from, const char *end, const char **stop) {
  const unsigned char *q = (const unsigned char *)from, *e = (const unsigned char *)end;
  while (q < e) {
    unsigned char c = *q;
    switch (hp->vs) {
    case V_START:
      if (c == '\r' || c == '\n') { q++; break; }
      hp->vs = V_RL;
      hp->rl_sp = 0;
      /* fall through */
    case V_RL:
      while (q < e && *q != '\r' && *q != '\n') {
        if (*q == ' ' && hp->rl_sp < 2) hp->rl_sp++;
        q++;
      }
      if (q == e) break;
      if (*q == '\n') {
        /* A bare LF ends an HTTP/0.9 request line (no version), as in
         * Node; after a version it is an error. */
        if (hp->response) return verror(hp, q, stop, HPE_CR_EXPECTED, "Missing expected CR after response line");
        if (hp->rl_sp >= 2) return verror(hp, q, stop, HPE_INVALID_VERSION, "Expected CRLF after version");
        hp->vs = V_HL_START;
        q++;
        break;
      }
      hp->vs = V_RL_CR;
      q++;
      break;
    case V_RL_CR:
      if (c != '\n') return verror(hp, q, stop, HPE_STRICT, "Expected CRLF after version");
      hp->vs = V_HL_FIRST;
      q++;
      break;
    case V_HL_FIRST:  /* the line after the request line */
    case V_HL_START:
    case V_HL_START0: /* the line after a header with an empty value */
      if (c == '\r') { hp->vs = V_HL_END_CR; q++; break; }
      if (c == '\n') return verror(hp, q, stop, HPE_INVALID_HEADER_TOKEN, "Invalid header field char");
      if (c == ' ' || c == '\t') {
        if (hp->vs == V_HL_FIRST) return verror(hp, q, stop, HPE_UNEXPECTED_SPACE, "Unexpected space after start line");
        if (hp->vs == V_HL_START0) return verror(hp, q, stop, HPE_INVALID_HEADER_TOKEN, "Invalid header value char");
        return verror(hp, q, stop, HPE_INVALID_HEADER_TOKEN, "Unexpected whitespace after header value");
      }
      hp->vs = V_HL;
      /* fall through */
    case V_HL: /* the field name */
      while (q < e && *q != '\r' && *q != '\n' && *q != ':') q++;
      if (q == e) break;
      if (*q == ':') { hp->vs = V_HL_VAL0; q++; break; }
      if (*q == '\n') return verror(hp, q, stop, HPE_CR_EXPECTED, "Missing expected CR after header value");
      hp->vs = V_HL_CR;
      q++;
      break;
    case V_HL_VAL0: /* after the colon, only whitespace so far */
      if (c == ' ' || c == '\t') { q++; break; }
      if (c == '\r') { hp->vs = V_HL_CR0; q++; break; }
      if (c == '\n') return verror(hp, q, stop, HPE_INVALID_HEADER_TOKEN, "Invalid header value char");
      hp->vs = V_HL_VAL;
      /* fall through */
    case V_HL_VAL:
      while (q < e && *q != '\r' && *q != '\n') q++;
      if (q == e) break;
      if (*q == '\n') return verror(hp, q, stop, HPE_CR_EXPECTED, "Missing expected CR after header value");
      hp->vs = V_HL_CR;
      q++;
      break;
    case V_HL_CR:
    case V_HL_CR0:
      if (c != '\n') {
        if (hp->vs == V_HL_CR0) return verror(hp, q, stop, HPE_STRICT, "Expected LF after CR");
        return verror(hp, q, stop, HPE_LF_EXPECTED, "Missing expected LF after header value");
      }
      hp->vs = hp->vs == V_HL_CR0 ? V_HL_START0 : V_HL_START;
      q++;
      break;
    case V_HL_END_CR:
      if (c != '\n') return verror(hp, q, stop, HPE_STRICT, "Expected LF after headers");
      q++;
      if (hp->trailers) {
        hp->trailers = 0;
        hp->vs = V_START;
        break;
      }
      hp->vs = V_FRAMING;
      *stop = (const char *)q;
      return VS_FRAMING;
    case V_FRAMING:
      /* llhttp did not end the header section where we did. */
      return verror(hp, q, stop, HPE_STRICT, "Expected LF after headers");
    case V_BODY: {
      uint64_t n = (uint64_t)(e - q);
      if (n > hp->left) n = hp->left;
      q += n;
      hp->left -= n;
      if (hp->left == 0) hp->vs = V_START;
      break;
    }
    case V_EOF_BODY:
      q = e;
      break;
    case V_CS_SIZE0:
      if (hexval(c) < 0) return verror(hp, q, stop, HPE_INVALID_CHUNK_SIZE, "Invalid character in chunk size");
      hp->left = (uint64_t)hexval(c);
      hp->ext_bytes = 0;
      hp->vs = V_CS_SIZE;
      q++;
      break;
    case V_CS_SIZE:
      if (hexval(c) >= 0) {
        if (hp->left >> 60) return verror(hp, q, stop, HPE_INVALID_CHUNK_SIZE, "Chunk size overflow");
        hp->left = hp->left * 16 + (uint64_t)hexval(c);
        q++;
        break;
      }
      if (c == '\r') { hp->vs = V_CS_SIZE_CR; q++; break; }
      if (c == ';') {
        hp->vs = V_CS_SEMI;
        *stop = (const char *)q;
        return VS_HIDE;
      }
      return verror(hp, q, stop, HPE_INVALID_CHUNK_SIZE, "Invalid character in chunk size");
    case V_CS_SEMI:
      hp->vs = V_CS_NAME0;
      q++;
      break;
    case V_CS_NAME0: /* after a ';' */
    case V_CS_NAME2: /* after a ';' that ended a name: ';' may repeat */
    case V_CS_NAME:
      /* As Node 20 answers: ";=", ";=b" and ";a;;b" pass; ";", ";;" and
       * ";a;" do not. */
      if (tchar[c]) {
        hp->vs = V_CS_NAME;
        hp->ext_bytes++;
      } else if (c == '=') {
        hp->vs = V_CS_VAL0;
      } else if (c == ';' && hp->vs != V_CS_NAME0) {
        hp->vs = V_CS_NAME2;
      } else if (hp->vs == V_CS_NAME && c == '\r') {
        hp->vs = V_CS_SIZE_END;
        *stop = (const char *)q;
        return VS_UNHIDE;
      } else {
        return verror(hp, q, stop, HPE_STRICT, "Invalid character in chunk extensions");
      }
      q++;
      break;
    case V_CS_VAL0:
    case V_CS_VAL:
    case V_CS_QEND:
      if (c == ';') {
        hp->vs = V_CS_NAME0;
      } else if (c == '\r') {
        hp->vs = V_CS_SIZE_END;
        *stop = (const char *)q;
        return VS_UNHIDE;
      } else if (hp->vs != V_CS_QEND && tchar[c]) {
        hp->vs = V_CS_VAL;
        hp->ext_bytes++;
      } else if (hp->vs == V_CS_VAL0 && c == '"') {
        hp->vs = V_CS_Q;
        hp->ext_bytes++;
      } else if (hp->vs == V_CS_QEND) {
        return verror(hp, q, stop, HPE_STRICT, "Invalid character in chunk extensions quote value");
      } else {
        return verror(hp, q, stop, HPE_STRICT, "Invalid character in chunk extensions value");
      }
      q++;
      break;
    case V_CS_Q:
      if (c == '"') hp->vs = V_CS_QEND;
      else if (c == '\\') hp->vs = V_CS_QP;
      else if (!(c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e) || c >= 0x80))
        return verror(hp, q, stop, HPE_STRICT, "Invalid character in chunk extensions quoted value");
      hp->ext_bytes++;
      q++;
      break;
    case V_CS_QP:
      if (!(c == '\t' || c == ' ' || (c >= 0x21 && c <= 0x7e) || c >= 0x80))
        return verror(hp, q, stop, HPE_STRICT, "Invalid quoted-pair in chunk extensions quoted value");
      hp->vs = V_CS_Q;
      hp->ext_bytes++;
      q++;
      break;
    case V_CS_SIZE_END: /* the CR that ends extensions, shown to llhttp again */
      hp->vs = V_CS_SIZE_CR;
      q++;
      break;
    case V_CS_SIZE_CR:
      if (c != '\n') return verror(hp, q, stop, HPE_STRICT, "Expected LF after chunk size");
      q++;
      if (hp->left == 0) {
        hp->trailers = 1;
        hp->vs = V_HL_START;
      } else {
        hp->vs = V_CS_DATA;
      }
      break;
    case V_CS_DATA: {
      uint64_t n = (uint64_t)(e - q);
      if (n > hp->left) n = hp->left;
      q += n;
      hp->left -= n;
      if (hp->left == 0) hp->vs = V_CS_DATA_CR;
      break;
    }
    case V_CS_DATA_CR:
      if (c == '\n') return verror(hp, q, stop, HPE_CR_EXPECTED, "Missing expected CR after chunk data");
      if (c != '\r') return verror(hp, q, stop, HPE_STRICT, "Expected LF after chunk data");
      hp->vs = V_CS_DATA_LF;
      q++;
      break;
    case V_CS_DATA_LF:
      if (c != '\n') return verror(hp, q, stop, HPE_STRICT, "Expected LF after chunk data");
      hp->vs = V_CS_SIZE0;
      q++;
      break;
    default: /* V_OFF */
      return VS_END;
    }
    if (hp->ext_bytes > MAX_CHUNK_EXTENSIONS)
      return verror(hp, q, stop, UVGO_E_CHUNK_EXT_OVERFLOW, "Chunk extensions overflow");
  }
  *stop = end;
  return VS_END;
}

/* The body framing llhttp found, for the validator. */
static void set_framing(uvgo_http_parser *hp) {
  hp->trailers = 0;
  if (hp->response && (hp->p.flags & F_SKIPBODY)) {
    hp->vs = V_START;
  } else if (hp->p.flags & F_CHUNKED) {
    hp->vs = V_CS_SIZE0;
  } else if ((hp->p.flags & F_CONTENT_LENGTH) && hp->p.content_length > 0) {
    hp->vs = V_BODY;
    hp->left = hp->p.content_length;
  } else if (hp->response && llhttp_message_needs_eof(&hp->p)) {
    hp->vs = V_EOF_BODY;
  } else {
    hp->vs = V_START;
  }
}

static void report_error(uvgo_http_parser *hp, const char *buf, intptr_t nread, const char *pos, uint64_t code) {
  if (pos == NULL || pos < buf || pos > buf + nread) pos = buf;
  push(hp, UVGO_T_ERROR, pos, 0, code);
}

/* An llhttp error (or one of a callback's). */
static void report_llhttp_error(uvgo_http_parser *hp, const char *buf, intptr_t nread, const char *pos, llhttp_errno_t err) {
  if (hp->own_code) {
    /* llhttp reports a failed *_complete callback as its own HPE_CB_*. */
    hp->reason = hp->own_reason;
    report_error(hp, buf, nread, pos, (uint64_t)hp->own_code);
    return;
  }
  hp->reason = llhttp_get_error_reason(&hp->p);
  /* Node 20's llhttp also knows RTSP/ and ICE/ there. */
  if (err == HPE_INVALID_CONSTANT && hp->reason != NULL && strcmp(hp->reason, "Expected HTTP/") == 0)
    hp->reason = "Expected HTTP/, RTSP/ or ICE/";
  /* and says so of a bad status code */
  if (err == HPE_INVALID_STATUS && hp->reason != NULL && strcmp(hp->reason, "Invalid response status") == 0)
    hp->reason = "Invalid status code";
  report_error(hp, buf, nread, pos, (uint64_t)err);
}

static const char query_sp[] = "QUERY ";

/* A method prefix of "QUERY " held back at the end of the last read meets
 * this read: 0 when parsing continues at *pos, 1 when the prefix is still
 * incomplete (held), -1 on an error (reported). */
static int unstash(uvgo_http_parser *hp, const char *buf, intptr_t nread, const char **pos) {
  size_t n = hp->stash_len, need = 6 - n, m = (size_t)nread < need ? (size_t)nread : need;
  llhttp_errno_t err;
  if (memcmp(buf, query_sp + n, m) == 0) {
    if (m < need) {
      memcpy(hp->stash + n, buf, m);
      hp->stash_len = (uint8_t)(n + m);
      return 1;
    }
    hp->stash_len = 0;
    err = llhttp_execute(&hp->p, "PATCH", 5);
    if (err != HPE_OK) { report_llhttp_error(hp, buf, nread, buf, err); return -1; }
    hp->query = 1;
    *pos = buf + (need - 1); /* the space, from this read */
    return 0;
  }
  hp->stash_len = 0;
  err = llhttp_execute(&hp->p, hp->stash, n);
  if (err != HPE_OK) { report_llhttp_error(hp, buf, nread, buf, err); return -1; }
  return 0;
}

/* The read filter (uv's uvgo_read_filter): parse what arrived. */
void uvgo_http_filter(void *ctx, const char *buf, intptr_t nread) {
  uvgo_http_parser *hp = ctx;
  const char *pos, *end, *vstop;
  int vr = VS_NONE;
  llhttp_errno_t err;
  hp->scratch->n = 0;
  if (nread < 0) {
    if (nread == UVGO_EOF_CODE) {
      hp->base = NULL;
      if (hp->stash_len > 0) {
        /* The peer closed in the middle of a method (part of "QUERY "). */
        hp->stash_len = 0;
        hp->reason = "Invalid EOF state";
        push(hp, UVGO_T_EOF, NULL, 0, (uint64_t)HPE_INVALID_EOF_STATE);
        return;
      }
      hp->paused_at = 0;
      err = llhttp_finish(&hp->p);
      if (err == HPE_PAUSED && hp->paused_at == 2) {
        /* A body delimited by the close is complete. */
        llhttp_resume(&hp->p);
        err = HPE_OK;
      }
      hp->reason = err == HPE_OK ? NULL : llhttp_get_error_reason(&hp->p);
      push(hp, UVGO_T_EOF, NULL, 0, (uint64_t)err);
    } else {
      push(hp, UVGO_T_READ_ERROR, NULL, 0, (uint64_t)(int64_t)nread);
    }
    return;
  }
  hp->base = buf;
  pos = buf;
  end = buf + nread;
  vstop = buf;
  if (hp->stash_len > 0 && nread > 0) {
    int r = unstash(hp, buf, nread, &pos);
    if (r != 0) return;
  }
  for (;;) {
    const char *limit, *stop;
    if (hp->closed) {
      /* Node 20 rejects anything but CR/LF after a Connection: close message. */
      const char *q;
      for (q = pos; q < end; q++) {
        if (*q != '\r' && *q != '\n') {
          hp->reason = "Data after `Connection: close`";
          report_error(hp, buf, nread, q, HPE_CLOSED_CONNECTION);
          return;
        }
      }
      return;
    }
    if (vr == VS_NONE) vr = vscan(hp, pos, end, &vstop);
    if (hp->hiding) {
      /* Chunk-extension bytes: checked, not parsed by llhttp. */
      if (vr == VS_UNHIDE) {
        hp->hiding = 0;
        pos = vstop;
        vr = VS_NONE;
        continue;
      }
      if (vr == VS_ERROR) {
        hp->reason = hp->vreason;
        report_error(hp, buf, nread, vstop, (uint64_t)hp->vcode);
      }
      return;
    }
    limit = vstop;
    if (!hp->in_message && vr != VS_ERROR && !hp->response) {
      /* A message starts here: llhttp 8.1 does not know QUERY. */
      const char *q = pos;
      while (q < limit && (*q == '\r' || *q == '\n')) q++;
      if (limit - q >= 6 && memcmp(q, query_sp, 6) == 0) {
        memcpy((char *)q, "PATCH", 5);
        hp->query = 1;
      } else if (limit == end && q < limit && limit - q < 6 && memcmp(q, query_sp, (size_t)(limit - q)) == 0) {
        /* Only part of "QUERY " arrived: hold it back until the rest does. */
        hp->stash_len = (uint8_t)(limit - q);
        memcpy(hp->stash, q, hp->stash_len);
        limit = q;
      }
    }
    hp->paused_at = 0;
    hp->own_code = 0;
    /* A zero-length execute (pos == limit) lets llhttp complete the step
     * a pause interrupted at the very end of the read. */
    err = llhttp_execute(&hp->p, pos, (size_t)(limit - pos));
    stop = (err == HPE_OK) ? limit : llhttp_get_error_pos(&hp->p);
    if (stop == NULL || stop < pos || stop > limit) stop = limit;
    if (err == HPE_PAUSED) {
      llhttp_resume(&hp->p);
      if (hp->paused_at == 1) {
        /* Headers complete: the validator learns the framing here, where
         * llhttp ended the header section. */
        hp->in_body = 1;
        set_framing(hp);
        vr = VS_NONE;
      } else if (hp->paused_at == 2) {
        hp->in_body = 0;
      }
      pos = stop;
      continue;
    }
    if (err == HPE_OK) {
      pos = limit;
      if (limit != vstop) return; /* QUERY prefix held back */
      switch (vr) {
      case VS_HIDE:
        hp->hiding = 1;
        vr = VS_NONE;
        continue;
      case VS_ERROR:
        hp->stash_len = 0;
        hp->reason = hp->vreason;
        report_error(hp, buf, nread, vstop, (uint64_t)hp->vcode);
        return;
      case VS_FRAMING:
        /* The validator saw the header section end; llhttp did not. */
        hp->reason = "Expected LF after headers";
        report_error(hp, buf, nread, vstop, HPE_STRICT);
        return;
      default:
        return;
      }
    }
    hp->stash_len = 0;
    if (err == HPE_PAUSED_UPGRADE) {
      hp->vs = V_OFF;
      push(hp, UVGO_T_UPGRADE, stop, 0, 0);
      return;
    }
    report_llhttp_error(hp, buf, nread, stop, err);
    return;
  }
}
