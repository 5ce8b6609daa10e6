/*
 * uvgo's recorder around llhttp: llhttp's per-token callbacks append
 * tokens (a kind, a span as an offset into the buffer being parsed, and a
 * value) to a scratch array shared by the loop's connections. Go reads
 * the array once per read, so parsing costs no crossing of its own.
 *
 * Node-level limits that llhttp does not have are counted here, as Node
 * counts them in its own callbacks: the header size limit (URL + field
 * names + values, 431 when reached) and the chunk-extension limit (413).
 */
#ifndef UVGO_HTTP_RECORDER_H
#define UVGO_HTTP_RECORDER_H

#include <stdint.h>
#include "uvgo_llhttp.h"

enum {
  UVGO_T_BEGIN = 1,
  UVGO_T_URL,
  UVGO_T_FIELD,
  UVGO_T_VALUE,
  UVGO_T_FIELD_DONE,
  UVGO_T_VALUE_DONE,
  UVGO_T_HEADERS_DONE, /* val: see uvgo_headers_val */
  UVGO_T_BODY,
  UVGO_T_MESSAGE_DONE,
  UVGO_T_CHUNK_HEADER, /* val: chunk size */
  UVGO_T_CHUNK_DONE,
  UVGO_T_ERROR,        /* val: llhttp errno (or UVGO_E_*), off: error position */
  UVGO_T_UPGRADE,      /* execution paused after an upgrade/CONNECT request; off: where the rest starts */
  UVGO_T_EOF,          /* the peer closed; val: llhttp_finish's errno */
  UVGO_T_READ_ERROR    /* a socket error; val: the libuv code */
};

/* Our own error codes (beyond llhttp's), reported as UVGO_T_ERROR. */
enum {
  UVGO_E_HEADER_OVERFLOW = 1000,
  UVGO_E_CHUNK_EXT_OVERFLOW = 1001,
  /* Checks of our own where Debian's llhttp 8.1 is more lenient than
   * Node 20's llhttp 9.3 (each is a bare 400 in Node). */
  UVGO_E_HEADER_TOKEN = 1002,   /* space or empty header name, obs-fold */
  UVGO_E_LF_EXPECTED = 1003,    /* bare LF in the request line or headers */
  UVGO_E_INVALID_URL = 1004,    /* TAB or a byte >= 0x80 in the target */
  UVGO_E_STRICT = 1005,         /* chunk data not followed by CRLF */
  UVGO_E_CLOSED_CONNECTION = 1006 /* data after a Connection: close message */
};

/* The method number reported for QUERY, which llhttp 8.1 does not know
 * (Node 20's llhttp 9.3 does): the filter hands llhttp "PATCH", of the same
 * length and body rules, and reports this number instead. */
#define UVGO_METHOD_QUERY 255

typedef struct {
  uint32_t kind;
  uint32_t off;
  uint32_t len;
  uint32_t pad;
  uint64_t val;
} uvgo_tok;

typedef struct {
  uvgo_tok *toks;
  uint32_t n, cap;
} uvgo_http_scratch;

typedef struct {
  llhttp_t p;
  uvgo_http_scratch *scratch;
  const char *base;
  uint32_t header_bytes;
  uint32_t max_header_bytes;
  uint32_t ext_bytes;
  int32_t own_error;
  const char *end;       /* end of the buffer being parsed */
  uint64_t chunk_left;   /* bytes left in the current chunk */
  uint8_t expect_cr;     /* the next byte must be CR (chunk data end) */
  uint8_t expect_lf;     /* the next byte must be LF */
  uint8_t in_body;       /* between headers complete and message complete */
  uint8_t prev_cr;       /* the last header-section byte seen was CR */
  uint8_t closed;        /* a message without keep-alive completed */
  uint8_t paused_at;     /* 1: headers complete, 2: message complete */
  uint32_t field_len;    /* bytes of the current header name */
  const char *value_end; /* end of the last value span in this buffer */
  const char *field_end; /* end of the last field span in this buffer */
  uint8_t in_message;    /* between message begin and message complete */
  uint8_t query;         /* this message's method is QUERY (parsed as PATCH) */
} uvgo_http_parser;

uvgo_http_scratch *uvgo_http_scratch_new(void);
void uvgo_http_scratch_free(uvgo_http_scratch *s);
uvgo_http_parser *uvgo_http_parser_new(uvgo_http_scratch *s, uint32_t max_header_bytes);
void uvgo_http_parser_free(uvgo_http_parser *hp);
void uvgo_http_parser_reset(uvgo_http_parser *hp);
void uvgo_http_filter(void *ctx, const char *buf, intptr_t nread);
void uvgo_http_resume_after_upgrade(uvgo_http_parser *hp);

#endif
