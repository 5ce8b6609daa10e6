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
  UVGO_T_READ_ERROR,   /* a socket error; val: the libuv code */
  UVGO_T_STATUS        /* response mode: the reason phrase (span) */
};

/* What the response being parsed answers (uvgo_http_parser.expect), set
 * before each request is written: Node's client decides body and upgrade
 * from the request's method. */
enum {
  UVGO_EXPECT_NORMAL = 0,
  UVGO_EXPECT_HEAD = 1,   /* no body whatever the framing headers say */
  UVGO_EXPECT_CONNECT = 2 /* the response ends HTTP (as an upgrade) */
};

/* Error codes reported as UVGO_T_ERROR's val: llhttp's errno numbers
 * (the same in 8.1 and Node 20's 9.3) for the checks made here as well as
 * llhttp's own, plus Node's two limits, which are not llhttp errors. The
 * reason (Node's text) is in uvgo_http_parser.reason. */
enum {
  UVGO_E_HEADER_OVERFLOW = 1000,
  UVGO_E_CHUNK_EXT_OVERFLOW = 1001
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
  const char *reason;    /* Node's reason text of the last error reported */
  uint32_t header_bytes;
  uint32_t max_header_bytes;
  uint32_t field_len;    /* bytes of the current header name */
  uint8_t field_match;   /* the name so far matches: 1 content-length, 2 transfer-encoding; 4: a trailer TE's value is refused */
  uint8_t in_body;       /* between headers complete and message complete */
  uint8_t closed;        /* a message without keep-alive completed */
  uint8_t paused_at;     /* 1: headers complete, 2: message complete */
  uint8_t in_message;    /* between message begin and message complete */
  uint8_t query;         /* this message's method is QUERY (parsed as PATCH) */
  uint8_t hiding;        /* chunk-extension bytes are kept from llhttp */
  uint8_t stash_len;     /* bytes of a method prefix of "QUERY " held back */
  uint8_t response;      /* parses responses (llhttp's HTTP_RESPONSE) */
  uint8_t expect;        /* response mode: UVGO_EXPECT_* of the request answered */
  char stash[8];
  /* The framing validator (see recorder.c), state kept across reads. */
  uint8_t vs;            /* validator state */
  uint8_t trailers;      /* the header lines being checked are trailers */
  uint8_t rl_sp;         /* spaces in the request line so far (up to 2) */
  int32_t own_code;      /* code of an error found in a callback */
  const char *own_reason;
  int32_t vcode;         /* code of an error the validator found */
  const char *vreason;   /* and its reason */
  uint64_t left;         /* body or chunk bytes left */
  uint32_t ext_bytes;    /* chunk-extension bytes of the current chunk */
} uvgo_http_parser;

uvgo_http_scratch *uvgo_http_scratch_new(void);
void uvgo_http_scratch_free(uvgo_http_scratch *s);
uvgo_http_parser *uvgo_http_parser_new(uvgo_http_scratch *s, uint32_t max_header_bytes);
uvgo_http_parser *uvgo_http_parser_new_response(uvgo_http_scratch *s, uint32_t max_header_bytes);
void uvgo_http_parser_free(uvgo_http_parser *hp);
void uvgo_http_parser_reset(uvgo_http_parser *hp);
void uvgo_http_filter(void *ctx, const char *buf, intptr_t nread);
void uvgo_http_resume_after_upgrade(uvgo_http_parser *hp);

#endif
