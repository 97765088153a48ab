// GNU readline for Swift: the headers, plus small C helpers where Swift 6 cannot reach
// (readline's global variables) or should not (signal handlers).
//
// The state below is `static`: every Swift file that calls these functions gets its own
// copy of it. Call them from Sources/claimql/LineEditor.swift only.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/select.h>
#include <readline/readline.h>
#include <readline/history.h>

static volatile sig_atomic_t claimql_sigint_seen = 0;
static char *claimql_line = NULL;
static int claimql_line_done = 0;

static void claimql_on_sigint(int sig) { (void)sig; claimql_sigint_seen = 1; }

/// Ctrl-C sets a flag instead of killing the process: the line editor abandons the line,
/// a running query polls the flag and stops.
static inline void claimql_install_sigint(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = claimql_on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; // no SA_RESTART: select() must wake up
    sigaction(SIGINT, &sa, NULL);
}

static inline int claimql_take_interrupt(void) {
    int seen = claimql_sigint_seen;
    claimql_sigint_seen = 0;
    return seen;
}

static inline int claimql_interrupt_pending(void) { return claimql_sigint_seen; }

static void claimql_line_handler(char *line) {
    claimql_line = line;
    claimql_line_done = 1;
    rl_callback_handler_remove();
}

/// Reads one edited line with readline's callback interface, so Ctrl-C can abandon the
/// line and return at once (the blocking readline() would wait for another key).
/// Returns a malloc'd line, or NULL: at end of input (*interrupted == 0) or on Ctrl-C
/// (*interrupted == 1).
static inline char *claimql_read_line(const char *prompt, int *interrupted) {
    *interrupted = 0;
    claimql_line = NULL;
    claimql_line_done = 0;
    claimql_sigint_seen = 0;
    rl_catch_signals = 0;
    // SIGINT stays blocked except inside pselect(), so a Ctrl-C that arrives while a key
    // is being handled is seen before the next wait instead of after the next key.
    sigset_t block, waitmask;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, &waitmask);
    sigdelset(&waitmask, SIGINT);
    rl_callback_handler_install(prompt, claimql_line_handler);
    while (!claimql_line_done) {
        if (claimql_sigint_seen) {
            claimql_sigint_seen = 0;
            rl_free_line_state();
            rl_callback_sigcleanup();
            rl_callback_handler_remove();
            fputs("\n", rl_outstream ? rl_outstream : stdout);
            fflush(rl_outstream ? rl_outstream : stdout);
            *interrupted = 1;
            break;
        }
        fd_set fds;
        int fd = fileno(rl_instream ? rl_instream : stdin);
        FD_ZERO(&fds);
        FD_SET(fd, &fds);
        int ready = pselect(fd + 1, &fds, NULL, NULL, NULL, &waitmask);
        if (ready < 0) {
            if (errno == EINTR) continue;
            rl_callback_handler_remove();
            break;
        }
        rl_callback_read_char();
    }
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    return *interrupted ? NULL : claimql_line;
}

typedef char **(*claimql_completer)(const char *text, int start, int end);

static inline void claimql_set_completer(claimql_completer f) {
    rl_attempted_completion_function = f;
    rl_completer_word_break_characters = " \t\n()[],=<>!+*/;.:{}";
    rl_completer_quote_characters = "\"";
    rl_basic_quote_characters = "\"";
}

static inline void claimql_set_name(const char *name) { rl_readline_name = strdup(name); }

/// Tells readline the matches are final: no fallback to file names.
static inline void claimql_completion_over(int over) { rl_attempted_completion_over = over; }

static inline void claimql_completion_append(int c) { rl_completion_append_character = c; }

static inline const char *claimql_line_buffer(void) { return rl_line_buffer; }
static inline int claimql_point(void) { return rl_point; }
