/* uvgo's token recorder around llhttp; see recorder.h. */
#include <stdlib.h>
#include <string.h>
#include "recorder.h"

#define UVGO_EOF_CODE (-4095) /* UV_EOF */
#define MAX_CHUNK_EXTENSIONS (16 * 1024)

static const llhttp_settings_t *settings(void);

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
  llhttp_init(&hp->p, HTTP_REQUEST, settings());
  hp->p.data = hp;
  hp->header_bytes = 0;
  hp->ext_bytes = 0;
  hp->own_error = 0;
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

#define HP(p) ((uvgo_http_parser *)(p)->data)

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
  HP(p)->header_bytes = 0;
  return push(HP(p), UVGO_T_BEGIN, NULL, 0, 0);
}

static int span(llhttp_t *p, uint32_t kind, const char *at, size_t len) {
  int r = track(p, len);
  if (r != 0) return r;
  return push(HP(p), kind, at, len, 0);
}

static int on_url(llhttp_t *p, const char *at, size_t len) { return span(p, UVGO_T_URL, at, len); }
static int on_field(llhttp_t *p, const char *at, size_t len) { return span(p, UVGO_T_FIELD, at, len); }
static int on_value(llhttp_t *p, const char *at, size_t len) { return span(p, UVGO_T_VALUE, at, len); }
static int on_field_done(llhttp_t *p) { return push(HP(p), UVGO_T_FIELD_DONE, NULL, 0, 0); }
static int on_value_done(llhttp_t *p) { return push(HP(p), UVGO_T_VALUE_DONE, NULL, 0, 0); }

static int on_headers_complete(llhttp_t *p) {
  uint64_t v = (uint64_t)p->method | ((uint64_t)p->http_major << 8) | ((uint64_t)p->http_minor << 16) |
               ((uint64_t)(llhttp_should_keep_alive(p) ? 1 : 0) << 24) | ((uint64_t)(p->upgrade ? 1 : 0) << 25) |
               ((uint64_t)p->flags << 32);
  HP(p)->header_bytes = 0;
  return push(HP(p), UVGO_T_HEADERS_DONE, NULL, 0, v);
}

static int on_body(llhttp_t *p, const char *at, size_t len) { return push(HP(p), UVGO_T_BODY, at, len, 0); }

static int on_message_complete(llhttp_t *p) {
  uint64_t keep = llhttp_should_keep_alive(p) ? 1 : 0;
  return push(HP(p), UVGO_T_MESSAGE_DONE, NULL, 0, keep);
}

static int on_chunk_header(llhttp_t *p) {
  HP(p)->ext_bytes = 0;
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

/* The read filter (uv's uvgo_read_filter): parse what arrived. */
void uvgo_http_filter(void *ctx, const char *buf, intptr_t nread) {
  uvgo_http_parser *hp = ctx;
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
  err = llhttp_execute(&hp->p, buf, (size_t)nread);
  if (err == HPE_OK) return;
  if (err == HPE_PAUSED_UPGRADE) {
    const char *pos = llhttp_get_error_pos(&hp->p);
    push(hp, UVGO_T_UPGRADE, pos, 0, 0);
    return;
  }
  {
    const char *pos = llhttp_get_error_pos(&hp->p);
    uint64_t code = hp->own_error ? (uint64_t)hp->own_error : (uint64_t)err;
    if (pos == NULL || pos < buf || pos > buf + nread) pos = buf;
    push(hp, UVGO_T_ERROR, pos, 0, code);
  }
}
