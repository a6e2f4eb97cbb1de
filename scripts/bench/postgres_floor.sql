-- pgbench script: what PostgreSQL alone costs for one task, with the engine's own statements
-- (insert with its chat; claim with SKIP LOCKED; the completed turn as one fenced CTE), one
-- transaction each. No node, no Swift: an upper bound on tasks/s for this machine's PostgreSQL.
-- Run it against a database the engine has migrated (see BENCHMARKS.md for the command).
\set m random(1, 500)
BEGIN;
WITH chat AS (
    INSERT INTO chats (id, maternal_id, user_type, first_question, created_at, updated_at)
    VALUES ('c' || :client_id || '-' || txid_current(), :m, 'doctor', '孕期可以喝咖啡吗', 1, 1) RETURNING id
)
INSERT INTO tasks (id, status, stage, progress, created_at, maternal_id, user_type, chat_id, input)
SELECT 't' || txid_current(), 'pending', 'queued', 0, 1, :m, 'doctor', id, '孕期可以喝咖啡吗' FROM chat;
COMMIT;
BEGIN;
WITH picked AS (
    SELECT seq FROM tasks WHERE status = 'pending' ORDER BY priority DESC, seq LIMIT 1 FOR UPDATE SKIP LOCKED
), claimed AS (
    UPDATE tasks t SET status = 'running', attempts = t.attempts + 1, node = 'n', lease_until = now() + interval '30 s'
    FROM picked WHERE t.seq = picked.seq RETURNING t.seq
)
SELECT coalesce(max(seq), 0) AS claimed FROM claimed \gset
COMMIT;
BEGIN;
WITH fence AS (
    SELECT seq FROM tasks WHERE seq = :claimed AND status = 'running' AND node = 'n' FOR UPDATE
), chat AS (
    UPDATE chats SET message_count = message_count + 2, updated_at = 2
    WHERE id = (SELECT chat_id FROM tasks WHERE seq = :claimed) AND EXISTS (SELECT 1 FROM fence)
    RETURNING seq, message_count
), added AS (
    INSERT INTO messages (chat_seq, task_id, role, content, timestamp)
    SELECT chat.seq, 'x', r, c, 't' FROM chat, (VALUES ('user', '孕期可以喝咖啡吗'), ('assistant', repeat('答', 600))) AS v(r, c)
    RETURNING id
)
UPDATE tasks SET status = 'completed', stage = 'done', progress = 100,
    result_first_message = (SELECT min(id) FROM added), result_last_message = (SELECT max(id) FROM added)
FROM chat WHERE tasks.seq = (SELECT seq FROM fence);
COMMIT;
