#ifndef METERBOOK_CLIBEDIT_SHIM_H
#define METERBOOK_CLIBEDIT_SHIM_H
// The REPL's only door to libedit. libedit's readline-compatible API is callable from Swift
// directly, but its mutable globals are not concurrency-safe in Swift 6, so they are reached
// through these small inline accessors instead.
#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>

typedef char **(*meterbook_completion_fn)(const char *, int, int);

static inline void meterbook_set_completion(meterbook_completion_fn fn) {
  rl_attempted_completion_function = (rl_completion_func_t *)fn;
}
static inline void meterbook_set_readline_name(void) { rl_readline_name = "meterbook"; }
static inline const char *meterbook_line_buffer(void) { return rl_line_buffer; }
static inline int meterbook_history_length(void) { return history_length; }
static inline int meterbook_history_base(void) { return history_base; }
static inline void meterbook_set_completion_append(int c) { rl_completion_append_character = c; }
/// Tells libedit not to fall back to filename completion after our function ran.
static inline void meterbook_set_completion_over(int over) { rl_attempted_completion_over = over; }

#endif
