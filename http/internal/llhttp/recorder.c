/* uvgo's token recorder around llhttp; see recorder.h. */
#include <stdlib.h>
#include <string.h>
#include "recorder.h"

#define UVGO_EOF_CODE (-4095) /* UV_EOF */
#define MAX_CHUNK_EXTENSIONS (16 * 1024)

static const llhttp_settings_t *settings(void);

#define HP(p) ((uvgo_http_parser *)(p)->data)

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
  llhttp_init(&hp->p, HTTP_REQUEST, settings());
  hp->p.data = hp;
  return hp;
}

void uvgo_http_parser_free(uvgo_http_parser *hp) { free(hp); }

void uvgo_http_parser_reset(uvgo_http_parser *hp) {
  uvgo_http_scratch *s = hp->scratch;
  uint32_t max = hp->max_header_bytes;
  memset(hp, 0, sizeof(*hp));
  hp->scratch = s;
  hp->max_header_bytes = max;
  llhttp_init(&hp->p, HTTP_REQUEST, settings());
  hp->p.data = hp;
}

static int own_error(llhttp_t *p, int code, const char *reason) {
  HP(p)->own_error = code;
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
  if (hp->max_header_bytes > 0 && hp->header_bytes >= hp->max_header_bytes) {
    hp->own_error = UVGO_E_HEADER_OVERFLOW;
    llhttp_set_error_reason(p, "HPE_HEADER_OVERFLOW:Header overflow");
    return HPE_USER;
  }
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

static int on_url(llhttp_t *p, const char *at, size_t len) {
  size_t i;
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)at[i];
    if (c == '\t' || c >= 0x80) return own_error(p, UVGO_E_INVALID_URL, "Invalid char in url");
  }
  return span(p, UVGO_T_URL, at, len);
}

static int on_field(llhttp_t *p, const char *at, size_t len) {
  size_t i;
  for (i = 0; i < len; i++) {
    if (at[i] == ' ' || at[i] == '\t') return own_error(p, UVGO_E_HEADER_TOKEN, "Invalid header token");
  }
  HP(p)->field_len += (uint32_t)len;
  HP(p)->field_end = at + len;
  return span(p, UVGO_T_FIELD, at, len);
}

static int on_value(llhttp_t *p, const char *at, size_t len) {
  uvgo_http_parser *hp = HP(p);
  size_t i;
  for (i = 0; i < len; i++) {
    if (at[i] == '\r' || at[i] == '\n') return own_error(p, UVGO_E_HEADER_TOKEN, "Invalid header value char");
  }
  /* A second span of the same value after a gap is an obs-fold line; so is
   * a first span that starts on a later line than its field name. */
  if (hp->value_end != NULL && at != hp->value_end) return own_error(p, UVGO_E_HEADER_TOKEN, "Invalid header value char");
  if (hp->value_end == NULL && len > 0) {
    const char *q = hp->field_end != NULL ? hp->field_end : hp->base;
    for (; q != NULL && q < at; q++) {
      if (*q == '\n') return own_error(p, UVGO_E_HEADER_TOKEN, "Invalid header value char");
    }
  }
  if (len > 0) hp->value_end = at + len;
  return span(p, UVGO_T_VALUE, at, len);
}

static int on_field_done(llhttp_t *p) {
  if (HP(p)->field_len == 0) return own_error(p, UVGO_E_HEADER_TOKEN, "Empty header name");
  return push(HP(p), UVGO_T_FIELD_DONE, NULL, 0, 0);
}

static int on_value_done(llhttp_t *p) {
  HP(p)->field_len = 0;
  HP(p)->value_end = NULL;
  return push(HP(p), UVGO_T_VALUE_DONE, NULL, 0, 0);
}

static int on_headers_complete(llhttp_t *p) {
  uint64_t method = HP(p)->query ? UVGO_METHOD_QUERY : p->method;
  uint64_t v = method | ((uint64_t)p->http_major << 8) | ((uint64_t)p->http_minor << 16) |
               ((uint64_t)(llhttp_should_keep_alive(p) ? 1 : 0) << 24) | ((uint64_t)(p->upgrade ? 1 : 0) << 25) |
               ((uint64_t)p->flags << 32);
  int r;
  HP(p)->header_bytes = 0;
  r = push(HP(p), UVGO_T_HEADERS_DONE, NULL, 0, v);
  if (r != 0) return r;
  /* Pause so the filter learns where the header section ends (to scan it
   * for bare LFs); it resumes at once. */
  HP(p)->paused_at = 1;
  return HPE_PAUSED;
}

static int on_body(llhttp_t *p, const char *at, size_t len) {
  uvgo_http_parser *hp = HP(p);
  /* The data is delivered first: Node 20 reports a bad chunk ending after
   * the chunk's data. */
  if (push(hp, UVGO_T_BODY, at, len, 0) != 0) return -1;
  if ((p->flags & F_CHUNKED) && hp->chunk_left > 0) {
    hp->chunk_left = len >= hp->chunk_left ? 0 : hp->chunk_left - len;
    if (hp->chunk_left == 0) {
      const char *next = at + len;
      hp->expect_cr = 1;
      if (next < hp->end) {
        if (*next != '\r') return own_error(p, UVGO_E_STRICT, "Expected CRLF after chunk");
        hp->expect_cr = 0;
        hp->expect_lf = 1;
        if (next + 1 < hp->end) {
          if (next[1] != '\n') return own_error(p, UVGO_E_STRICT, "Expected CRLF after chunk");
          hp->expect_lf = 0;
        }
      }
    }
  }
  return 0;
}

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
  HP(p)->chunk_left = p->content_length;
  return push(HP(p), UVGO_T_CHUNK_HEADER, NULL, 0, p->content_length);
}

static int on_chunk_complete(llhttp_t *p) { return push(HP(p), UVGO_T_CHUNK_DONE, NULL, 0, 0); }

static int on_chunk_ext(llhttp_t *p, const char *at, size_t len) {
  uvgo_http_parser *hp = HP(p);
  (void)at;
  hp->ext_bytes += (uint32_t)len;
  if (hp->ext_bytes > MAX_CHUNK_EXTENSIONS) {
    hp->own_error = UVGO_E_CHUNK_EXT_OVERFLOW;
    llhttp_set_error_reason(p, "HPE_CHUNK_EXTENSIONS_OVERFLOW:Chunk extensions overflow");
    return HPE_USER;
  }
  return 0;
}

static llhttp_settings_t the_settings;
static int settings_ready;

static const llhttp_settings_t *settings(void) {
  if (!settings_ready) {
    llhttp_settings_init(&the_settings);
    the_settings.on_message_begin = on_message_begin;
    the_settings.on_url = on_url;
    the_settings.on_header_field = on_field;
    the_settings.on_header_value = on_value;
    the_settings.on_header_field_complete = on_field_done;
    the_settings.on_header_value_complete = on_value_done;
    the_settings.on_headers_complete = on_headers_complete;
    the_settings.on_body = on_body;
    the_settings.on_message_complete = on_message_complete;
    the_settings.on_chunk_header = on_chunk_header;
    the_settings.on_chunk_complete = on_chunk_complete;
    the_settings.on_chunk_extension_name = on_chunk_ext;
    the_settings.on_chunk_extension_value = on_chunk_ext;
    settings_ready = 1;
  }
  return &the_settings;
}

/* Scans a header-section segment for a bare LF (8.1 accepts it; 9.3
 * rejects it). */
static int has_bare_lf(uvgo_http_parser *hp, const char *from, const char *to) {
  const char *q;
  for (q = from; q < to; q++) {
    if (*q == '\n' && !hp->prev_cr) return 1;
    hp->prev_cr = (*q == '\r');
  }
  return 0;
}

static void report_error(uvgo_http_parser *hp, const char *buf, intptr_t nread, const char *pos, uint64_t code) {
  if (pos == NULL || pos < buf || pos > buf + nread) pos = buf;
  push(hp, UVGO_T_ERROR, pos, 0, code);
}

/* The read filter (uv's uvgo_read_filter): parse what arrived. */
void uvgo_http_filter(void *ctx, const char *buf, intptr_t nread) {
  uvgo_http_parser *hp = ctx;
  const char *pos, *end;
  llhttp_errno_t err;
  hp->scratch->n = 0;
  if (nread < 0) {
    if (nread == UVGO_EOF_CODE) {
      hp->base = NULL;
      err = llhttp_finish(&hp->p);
      push(hp, UVGO_T_EOF, NULL, 0, (uint64_t)err);
    } else {
      push(hp, UVGO_T_READ_ERROR, NULL, 0, (uint64_t)(int64_t)nread);
    }
    return;
  }
  hp->base = buf;
  pos = buf;
  end = buf + nread;
  hp->end = end;
  hp->value_end = NULL;
  hp->field_end = NULL;
  /* A chunk's CRLF that straddled the previous read. */
  if (hp->expect_cr && pos < end) {
    if (*pos != '\r') { report_error(hp, buf, nread, pos, UVGO_E_STRICT); return; }
    hp->expect_cr = 0;
    hp->expect_lf = 1;
  }
  if (hp->expect_lf && pos + (pos < end && *pos == '\r' ? 1 : 0) < end) {
    const char *q = pos + (*pos == '\r' ? 1 : 0);
    if (*q != '\n') { report_error(hp, buf, nread, q, UVGO_E_STRICT); return; }
    hp->expect_lf = 0;
  }
  for (;;) {
    const char *stop;
    int headers = !hp->in_body;
    if (hp->closed) {
      /* Node 20 rejects anything but CR/LF after a Connection: close message. */
      const char *q;
      for (q = pos; q < end; q++) {
        if (*q != '\r' && *q != '\n') { report_error(hp, buf, nread, q, UVGO_E_CLOSED_CONNECTION); return; }
      }
      return;
    }
    if (!hp->in_message) {
      /* A message starts here: llhttp 8.1 does not know QUERY. */
      const char *q = pos;
      while (q < end && (*q == '\r' || *q == '\n')) q++;
      if (end - q >= 6 && memcmp(q, "QUERY ", 6) == 0) {
        memcpy((char *)q, "PATCH", 5);
        hp->query = 1;
      }
    }
    hp->paused_at = 0;
    /* A zero-length execute (pos == end) lets llhttp complete the step a
     * pause interrupted at the very end of the read. */
    err = llhttp_execute(&hp->p, pos, (size_t)(end - pos));
    stop = (err == HPE_OK) ? end : llhttp_get_error_pos(&hp->p);
    if (stop == NULL || stop < pos || stop > end) stop = end;
    if (headers && has_bare_lf(hp, pos, stop)) {
      /* The headers were complete for llhttp 8.1; for Node 20 they are
       * an error: the request must not be handed over. */
      uvgo_http_scratch *sc = hp->scratch;
      if (sc->n > 0 && sc->toks[sc->n - 1].kind == UVGO_T_HEADERS_DONE) sc->n--;
      report_error(hp, buf, nread, stop, UVGO_E_LF_EXPECTED);
      return;
    }
    if (err == HPE_PAUSED) {
      if (hp->paused_at == 1) hp->in_body = 1;
      else if (hp->paused_at == 2) { hp->in_body = 0; hp->prev_cr = 0; }
      llhttp_resume(&hp->p);
      pos = stop;
      continue;
    }
    if (err == HPE_OK) return;
    if (err == HPE_PAUSED_UPGRADE) {
      push(hp, UVGO_T_UPGRADE, stop, 0, 0);
      return;
    }
    report_error(hp, buf, nread, stop, hp->own_error ? (uint64_t)hp->own_error : (uint64_t)err);
    return;
  }
}
