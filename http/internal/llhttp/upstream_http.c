/* Compiles Debian's node-llhttp http.c as its own translation unit (see
 * third_party/llhttp/README.md). No llhttp source is kept in this repo. */
#include <http.c>
