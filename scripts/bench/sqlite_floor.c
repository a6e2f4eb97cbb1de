// What SQLite alone costs per task on this machine: the engine's writes, replayed from C with
// no Swift, no actor, no answer engine and a core to itself. See BENCHMARKS.md and
// sqlite_floor.sh, which builds and runs it.
//
//   sqlite_floor engine TEMPLATE.sqlite OUT.sqlite TASKS BATCH
//       the engine's schema, copied from TEMPLATE (a database the engine made), and the
//       statements SQLiteTaskStore runs: per task a new chat and a pending task row at submit,
//       then the completed turn (chat counters, two messages, the task row). The running row is
//       not written, as the engine skips it when the outcome lands in the same batch.
//   sqlite_floor one-table - OUT.sqlite TASKS BATCH
//       a contrast: one table with one index; a row inserted at submit, updated with the answer.
//
// Each commit holds BATCH new tasks and completes the BATCH of the commit before, as the
// engine's group commit does under steady load. WAL, synchronous = NORMAL, like the engine;
// no checkpoints, so this is a floor: the engine also copies every page back once.
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static sqlite3 *db;

static void check(int rc, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "sqlite_floor: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static sqlite3_stmt *prepare(const char *sql) {
    sqlite3_stmt *statement;
    check(sqlite3_prepare_v2(db, sql, -1, &statement, NULL), sql);
    return statement;
}

static void step(sqlite3_stmt *statement, const char *what) {
    int rc;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {}
    check(rc, what);
    check(sqlite3_reset(statement), what);
}

static void random_uuid(char out[37]) {
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 36; i++) out[i] = (i == 8 || i == 13 || i == 18 || i == 23) ? '-' : hex[rand() % 16];
    out[36] = 0;
}

static void copy_schema(const char *template_path) {
    sqlite3 *template_db;
    sqlite3_stmt *tables;
    if (sqlite3_open_v2(template_path, &template_db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "sqlite_floor: cannot open %s\n", template_path);
        exit(1);
    }
    // Tables first, then indexes; GRDB's own bookkeeping is left out.
    if (sqlite3_prepare_v2(template_db,
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT IN ('grdb_migrations', 'sqlite_sequence') "
            "ORDER BY type = 'index', rowid", -1, &tables, NULL) != SQLITE_OK) {
        fprintf(stderr, "sqlite_floor: %s is not an engine database\n", template_path);
        exit(1);
    }
    while (sqlite3_step(tables) == SQLITE_ROW) check(sqlite3_exec(db, (const char *)sqlite3_column_text(tables, 0), NULL, NULL, NULL), "schema");
    sqlite3_finalize(tables);
    sqlite3_close(template_db);
}

static const char *question = "怀孕期间头晕怎么办？";
static char answer[1400];  // about the size of a local-engine answer in UTF-8
static const char *refs = "[{\"title\":\"WHO recommendations on antenatal care\",\"source\":\"WHO\","
                          "\"url\":\"https://www.who.int/publications/i/item/9789241549912\"}]";

typedef struct {
    sqlite3_stmt *insert_chat, *insert_task, *update_chat, *insert_message, *complete_task;
} EngineStatements;

static EngineStatements engine_statements(void) {
    EngineStatements s;
    s.insert_chat = prepare("INSERT INTO chats (id, maternal_id, user_type, first_question, created_at, updated_at, owner) "
                            "VALUES (?, ?, ?, ?, ?, ?, NULL)");
    s.insert_task = prepare("INSERT INTO tasks (id, status, stage, progress, created_at, maternal_id, user_type, chat_id, "
                            "input, client_timestamp, file_ids, owner, attempts, idempotency_key, request_digest) "
                            "VALUES (?, 'pending', 'queued', 0, ?, ?, 'pregnant_mother', ?, ?, NULL, '[]', NULL, 0, NULL, NULL)");
    s.update_chat = prepare("UPDATE chats SET message_count = message_count + 2, updated_at = ? WHERE id = ? "
                            "RETURNING id, maternal_id, user_type, first_question, created_at, updated_at, message_count, owner, seq");
    s.insert_message = prepare("INSERT INTO messages (chat_seq, task_id, role, content, timestamp, triage, refs, file_ids) "
                               "VALUES (?, ?, ?, ?, '2026-11-29T10:00:00.000Z', ?, ?, NULL)");
    s.complete_task = prepare("UPDATE tasks SET status = 'completed', stage = 'done', progress = 100, started_at = ?, "
                              "completed_at = ?, triage = 'routine', attempts = 1, result_message_count = 2, "
                              "result_backend = 'local', result_first_message = ?, result_last_message = ? WHERE id = ?");
    return s;
}

static void engine_submit(EngineStatements *s, const char *task_id, const char *chat_id, int maternal_id, sqlite3_int64 now) {
    sqlite3_bind_text(s->insert_chat, 1, chat_id, -1, SQLITE_STATIC);
    sqlite3_bind_int(s->insert_chat, 2, maternal_id);
    sqlite3_bind_text(s->insert_chat, 3, "pregnant_mother", -1, SQLITE_STATIC);
    sqlite3_bind_text(s->insert_chat, 4, question, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s->insert_chat, 5, now);
    sqlite3_bind_int64(s->insert_chat, 6, now);
    step(s->insert_chat, "insert chat");
    sqlite3_bind_text(s->insert_task, 1, task_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s->insert_task, 2, now);
    sqlite3_bind_int(s->insert_task, 3, maternal_id);
    sqlite3_bind_text(s->insert_task, 4, chat_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(s->insert_task, 5, question, -1, SQLITE_STATIC);
    step(s->insert_task, "insert task");
}

static void engine_complete(EngineStatements *s, const char *task_id, const char *chat_id, sqlite3_int64 now) {
    sqlite3_bind_int64(s->update_chat, 1, now);
    sqlite3_bind_text(s->update_chat, 2, chat_id, -1, SQLITE_STATIC);
    check(sqlite3_step(s->update_chat), "update chat");
    sqlite3_int64 chat_seq = sqlite3_column_int64(s->update_chat, 8);
    step(s->update_chat, "update chat");
    sqlite3_int64 first = 0, last = 0;
    for (int assistant = 0; assistant <= 1; assistant++) {
        sqlite3_bind_int64(s->insert_message, 1, chat_seq);
        sqlite3_bind_text(s->insert_message, 2, task_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(s->insert_message, 3, assistant ? "assistant" : "user", -1, SQLITE_STATIC);
        sqlite3_bind_text(s->insert_message, 4, assistant ? answer : question, -1, SQLITE_STATIC);
        sqlite3_bind_text(s->insert_message, 5, assistant ? "{\"level\":\"routine\",\"signs\":[]}" : NULL, -1, SQLITE_STATIC);
        sqlite3_bind_text(s->insert_message, 6, assistant ? refs : NULL, -1, SQLITE_STATIC);
        step(s->insert_message, "insert message");
        last = sqlite3_last_insert_rowid(db);
        if (!assistant) first = last;
    }
    sqlite3_bind_int64(s->complete_task, 1, now);
    sqlite3_bind_int64(s->complete_task, 2, now);
    sqlite3_bind_int64(s->complete_task, 3, first);
    sqlite3_bind_int64(s->complete_task, 4, last);
    sqlite3_bind_text(s->complete_task, 5, task_id, -1, SQLITE_STATIC);
    step(s->complete_task, "complete task");
}

int main(int argc, char **argv) {
    if (argc != 6 || (strcmp(argv[1], "engine") && strcmp(argv[1], "one-table")) || atoi(argv[4]) < 1 || atoi(argv[5]) < 1) {
        fprintf(stderr, "usage: sqlite_floor engine|one-table TEMPLATE.sqlite|- OUT.sqlite TASKS BATCH\n");
        return 2;
    }
    int engine = strcmp(argv[1], "engine") == 0, tasks = atoi(argv[4]), batch = atoi(argv[5]);
    memset(answer, 'a', sizeof answer - 1);
    remove(argv[3]);
    check(sqlite3_open(argv[3], &db), argv[3]);
    check(sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0", NULL, NULL, NULL), "pragmas");
    EngineStatements statements;
    sqlite3_stmt *insert_row = NULL, *answer_row = NULL;
    if (engine) {
        copy_schema(argv[2]);
        statements = engine_statements();
    } else {
        check(sqlite3_exec(db, "CREATE TABLE t (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, status TEXT NOT NULL, "
                               "input TEXT NOT NULL, answer TEXT)", NULL, NULL, NULL), "schema");
        insert_row = prepare("INSERT INTO t (id, status, input) VALUES (?, 'pending', ?)");
        answer_row = prepare("UPDATE t SET status = 'completed', answer = ? WHERE id = ?");
    }
    char (*task_ids)[48] = malloc((size_t)tasks * 48), (*chat_ids)[80] = malloc((size_t)tasks * 80);
    sqlite3_int64 now = 1764410400000LL;
    int submitted = 0, completed = 0;
    double start = seconds(), slowest = 0;
    while (completed < tasks) {
        double commit_start = seconds();
        check(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), "begin");
        int first_new = submitted;
        for (; submitted < tasks && submitted < first_new + batch; submitted++) {
            char uuid[37];
            random_uuid(uuid);
            snprintf(task_ids[submitted], 48, "task_%s", uuid);
            int maternal_id = submitted % 500 + 1;
            random_uuid(uuid);
            snprintf(chat_ids[submitted], 80, "chat_%d_pregnant_mother_%s", maternal_id, uuid);
            if (engine) {
                engine_submit(&statements, task_ids[submitted], chat_ids[submitted], maternal_id, now);
            } else {
                sqlite3_bind_text(insert_row, 1, task_ids[submitted], -1, SQLITE_STATIC);
                sqlite3_bind_text(insert_row, 2, question, -1, SQLITE_STATIC);
                step(insert_row, "insert row");
            }
        }
        for (; completed < first_new; completed++) {
            if (engine) {
                engine_complete(&statements, task_ids[completed], chat_ids[completed], now);
            } else {
                sqlite3_bind_text(answer_row, 1, answer, -1, SQLITE_STATIC);
                sqlite3_bind_text(answer_row, 2, task_ids[completed], -1, SQLITE_STATIC);
                step(answer_row, "answer row");
            }
        }
        check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), "commit");
        double took = seconds() - commit_start;
        if (took > slowest) slowest = took;
    }
    double elapsed = seconds() - start;
    sqlite3_stmt *page_size = prepare("PRAGMA page_size");
    check(sqlite3_step(page_size), "page size");
    double frame_bytes = sqlite3_column_int(page_size, 0) + 24.0;  // a WAL frame: header + page
    sqlite3_finalize(page_size);
    char wal[1100];
    struct stat wal_stat;
    snprintf(wal, sizeof wal, "%s-wal", argv[3]);
    double frames = stat(wal, &wal_stat) == 0 ? wal_stat.st_size / frame_bytes / tasks : 0;
    printf("%-9s batch %3d: %6.0f tasks/s  %6.1f µs/task  %7.1f µs/commit  slowest commit %5.2f ms  %4.1f WAL frames/task\n",
           argv[1], batch, tasks / elapsed, elapsed / tasks * 1e6, elapsed / tasks * batch * 1e6, slowest * 1e3, frames);
    sqlite3_close(db);
    return 0;
}
