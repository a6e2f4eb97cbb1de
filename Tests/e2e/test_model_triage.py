"""The model's own triage line, through the real binary and the OpenAI-compatible stub
(scripts/openai_stub.py --triage): a higher level raises the task's and the reply's triage, a
lower one is ignored, and the line never reaches the answer."""
import pytest


def model_server(serve, stub, *flags):
    return serve("--backend", "openai", "--openai-base-url", stub("--token-delay-ms", "5", *flags),
                 "--openai-model", "stub")


def test_the_model_raises_a_routine_question_to_an_emergency(serve, stub):
    server = model_server(serve, stub, "--triage", "emergency")
    submitted = server.submit("孕期可以喝咖啡吗").data
    assert submitted["triage"] == {"level": "routine", "signs": []}
    done = server.wait_terminal(submitted["task_id"])
    assert done["status"] == "completed", done
    assert done["triage"] == {"level": "emergency", "signs": ["model_assessment"]}
    result = done["result"]["data"]
    reply = result["messages"][1]
    assert reply["triage"] == done["triage"] and result["chat_meta"]["triage"] == "emergency"
    assert "TRIAGE" not in reply["content"] and "emergency" not in reply["content"]
    # The instruction of an emergency opens the answer, as for one the rules found.
    rules = server.submit("怀孕32周，阴道大量出血").data["advice"]
    assert reply["content"].startswith(rules.split("\n")[0])
    listed = server.get("/api/v2/chat/qa/tasks?limit=5").data["tasks"]
    assert next(item for item in listed if item["task_id"] == submitted["task_id"])["triage"] == "emergency"


@pytest.mark.parametrize("line", ["routine", "maybe-later"])
def test_a_lower_or_unreadable_level_changes_nothing(serve, stub, line):
    server = model_server(serve, stub, "--triage", line)
    submitted = server.submit("怀孕30周，阴道大量出血").data
    assert submitted["triage"]["level"] == "emergency"
    done = server.wait_terminal(submitted["task_id"])
    assert done["status"] == "completed", done
    assert done["triage"] == submitted["triage"]
    content = done["result"]["data"]["messages"][1]["content"]
    assert content.startswith(submitted["advice"])
    assert "TRIAGE" not in content and line not in content
