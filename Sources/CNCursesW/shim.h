#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
// pkg-config flags are dropped by SwiftPM for system libraries, so the wide-character API is enabled here.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <langinfo.h>
#include <locale.h>
#include <wchar.h>
#include <curses.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

int wcwidth(wchar_t c);

// Swift 6 rejects mutable C globals, so they are reached through accessors.
static inline WINDOW *mqa_stdscr(void) { return stdscr; }
static inline int mqa_lines(void) { return LINES; }
static inline int mqa_cols(void) { return COLS; }
static inline WINDOW *mqa_curscr(void) { return curscr; }
static inline int mqa_color_pairs(void) { return COLOR_PAIRS; }

/// Starts curses on the process's stdin/stdout (also globals Swift 6 will not touch); NULL on failure.
static inline SCREEN *mqa_newterm(void) { return newterm(NULL, stdout, stdin); }

/// Writes a control sequence curses has no call for, in order with curses' own output.
static inline void mqa_write_stdout(const char *text) {
    fputs(text, stdout);
    fflush(stdout);
}

/// Whether the current locale's character set is UTF-8 (needed for wide characters).
static inline int mqa_locale_is_utf8(void) { return strcmp(nl_langinfo(CODESET), "UTF-8") == 0; }

// Attribute bits and KEY_F(n) are function-like macros, which Swift does not import.
static inline attr_t mqa_attributes(int bold, int dim, int reverse, int underline) {
    attr_t value = A_NORMAL;
    if (bold) value |= A_BOLD;
    if (dim) value |= A_DIM;
    if (reverse) value |= A_REVERSE;
    if (underline) value |= A_UNDERLINE;
    return value;
}
static inline int mqa_key_f(int n) { return KEY_F(n); }

/// Writes `count` wide characters at (y, x) with the given attributes and colour pair.
static inline int mqa_put(int y, int x, const wchar_t *text, int count, attr_t attributes, short pair) {
    wattr_set(stdscr, attributes, pair, NULL);
    return mvwaddnwstr(stdscr, y, x, text, count);
}

// Crash safety net: if the process dies on a fatal signal while curses owns the terminal, the
// handler puts the tty back (termios, cursor, main screen) using only async-signal-safe calls,
// then hands the signal to whoever handled it before (the Swift backtracer) so it still reports.
// The state lives in function-local statics (Swift emits only the functions it calls, not
// file-level variables of a header); only the TUI sets it, once, from the main thread.
static inline struct termios *mqa_saved_termios(void) {
    static struct termios saved;
    return &saved;
}
static inline struct sigaction *mqa_previous_actions(void) {
    static struct sigaction previous[NSIG];
    return previous;
}
static const int mqa_fatal_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
#define MQA_FATAL_SIGNAL_COUNT (sizeof mqa_fatal_signals / sizeof mqa_fatal_signals[0])

static inline void mqa_restore_tty(int signal_number) {
    static const char reset[] = "\033[?2004l\033[0m\033[?25h\033[?1049l\r\n";
    tcsetattr(STDIN_FILENO, TCSANOW, mqa_saved_termios());
    ssize_t ignored = write(STDOUT_FILENO, reset, sizeof reset - 1);
    (void)ignored;
    sigaction(signal_number, &mqa_previous_actions()[signal_number], NULL);
    raise(signal_number);
}

/// Call before curses changes the terminal: remembers the cooked tty and arms the handlers.
static inline void mqa_install_crash_restore(void) {
    tcgetattr(STDIN_FILENO, mqa_saved_termios());
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = mqa_restore_tty;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < MQA_FATAL_SIGNAL_COUNT; i++) {
        sigaction(mqa_fatal_signals[i], &action, &mqa_previous_actions()[mqa_fatal_signals[i]]);
    }
}

/// Call after curses gave the terminal back: the previous handlers return.
static inline void mqa_remove_crash_restore(void) {
    for (size_t i = 0; i < MQA_FATAL_SIGNAL_COUNT; i++) {
        sigaction(mqa_fatal_signals[i], &mqa_previous_actions()[mqa_fatal_signals[i]], NULL);
    }
}

/// The terminal's size from the kernel (SIGWINCH handling asks before `resizeterm`).
static inline int mqa_window_size(int *rows, int *cols) {
    struct winsize size;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) return -1;
    *rows = size.ws_row;
    *cols = size.ws_col;
    return 0;
}
#endif
