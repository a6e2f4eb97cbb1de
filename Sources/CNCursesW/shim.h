#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
// pkg-config flags are dropped by SwiftPM for system libraries, so the wide-character API is enabled here.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <curses.h>

int wcwidth(wchar_t c);

// Swift 6 rejects mutable C globals, so they are reached through accessors.
static inline WINDOW *mqa_stdscr(void) { return stdscr; }
static inline int mqa_lines(void) { return LINES; }
static inline int mqa_cols(void) { return COLS; }
#endif
