#!/usr/bin/env python3
"""Write a tiny llama-architecture GGUF model that always answers one known sentence.

    python3 scripts/model/make_tiny_gguf.py OUT.gguf [--context 4096]
    python3 scripts/model/make_tiny_gguf.py --print-answer

A real llama.cpp server (e.g. `python3 -m llama_cpp.server`) loads it like any chat model: a
byte-level BPE (GPT-2 style) vocabulary, `<|im_start|>`/`<|im_end|>` control tokens and a ChatML
chat template. Whatever it is asked, it answers the sentence in tiny_model.json and stops with
`<|im_end|>`, so tests can assert the exact text. Needs numpy and the `gguf` package.

How the weights make it deterministic:
- attn_output and ffn_down are zero, so neither sublayer adds anything to the residual stream
  and the final hidden state is just the current token's embedding: the next token depends only
  on the current token.
- Each answer character is a single merged token with its own one-hot "state" embedding; every
  other token (including the prompt's last token, the `\\n` after `<|im_start|>assistant`) shares
  state 0, "start".
- output.weight maps state 0 to the answer's first token, state k to token k+1, and the last
  answer token's state to `<|im_end|>` (eos). The winning logit is ~80 above every other one, so
  even temperature sampling (plus repeat penalties) always picks it.
Because the next token depends only on the current one, the answer's tokens must all differ.
"""

import argparse
import json
import os
import sys

import numpy as np
import gguf

HERE = os.path.dirname(os.path.abspath(__file__))
ANSWER = json.load(open(os.path.join(HERE, "tiny_model.json"), encoding="utf-8"))["answer"]

EMBED = 64        # a few hundred KB in F32 all told
FFN = 128
HEADS = 1
MARGIN = 10.0     # logit of the chosen token is MARGIN * sqrt(EMBED) after RMS norm; all others 0

# Identical to llama-cpp-python's built-in CHATML_CHAT_TEMPLATE, so it is recognised as "chatml";
# llama.cpp's own server detects ChatML from `<|im_start|>` too.
CHAT_TEMPLATE = (
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content']"
    " + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}"
    "{{ '<|im_start|>assistant\n' }}{% endif %}"
)


def bytes_to_unicode():
    """GPT-2's byte -> printable character table; byte-level BPE vocabularies are spelt in it."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + \
        list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


def build_vocab():
    """Tokens, token types, merges, and the id of each answer character's token."""
    b2u = bytes_to_unicode()
    tokens = [b2u[b] for b in range(256)]
    types = [gguf.TokenType.NORMAL] * 256
    merges = []
    answer_ids = []
    for ch in ANSWER:
        data = ch.encode("utf-8")
        if len(data) < 2:
            sys.exit(f"answer character {ch!r} is a single byte; pick multi-byte characters")
        # Merge left to right: b1+b2, then (b1b2)+b3 ...; shared prefixes are added once.
        piece = b2u[data[0]]
        for b in data[1:]:
            merge = f"{piece} {b2u[b]}"
            piece += b2u[b]
            if merge not in merges:
                merges.append(merge)
            if piece not in tokens:
                tokens.append(piece)
                types.append(gguf.TokenType.NORMAL)
        answer_ids.append(tokens.index(piece))
    if len(set(answer_ids)) != len(answer_ids):
        sys.exit("the answer's characters must all differ (the next token depends only on the current one)")
    specials = {}
    for name in ("<|endoftext|>", "<|im_start|>", "<|im_end|>"):
        specials[name] = len(tokens)
        tokens.append(name)
        types.append(gguf.TokenType.CONTROL)
    return tokens, types, merges, answer_ids, specials


def build_tensors(n_vocab, answer_ids, eos_id):
    f32 = np.float32
    if len(answer_ids) + 1 > EMBED:
        sys.exit("answer too long for the embedding size")
    # State 0 is "start"; answer token k (0-based) has state k+1.
    embd = np.zeros((n_vocab, EMBED), f32)
    embd[:, 0] = 1.0
    for k, tid in enumerate(answer_ids):
        embd[tid, 0] = 0.0
        embd[tid, k + 1] = 1.0
    out = np.zeros((n_vocab, EMBED), f32)
    nexts = answer_ids + [eos_id]
    for state, nxt in enumerate(nexts):
        out[nxt, state] = MARGIN
    head_dim = EMBED // HEADS
    t = {
        "token_embd.weight": embd,
        "output_norm.weight": np.ones(EMBED, f32),
        "output.weight": out,
        "blk.0.attn_norm.weight": np.ones(EMBED, f32),
        # q/k/v are zero too: attention then averages zero vectors, and attn_output is zero anyway.
        "blk.0.attn_q.weight": np.zeros((HEADS * head_dim, EMBED), f32),
        "blk.0.attn_k.weight": np.zeros((HEADS * head_dim, EMBED), f32),
        "blk.0.attn_v.weight": np.zeros((HEADS * head_dim, EMBED), f32),
        "blk.0.attn_output.weight": np.zeros((EMBED, HEADS * head_dim), f32),
        "blk.0.ffn_norm.weight": np.ones(EMBED, f32),
        "blk.0.ffn_gate.weight": np.zeros((FFN, EMBED), f32),
        "blk.0.ffn_up.weight": np.zeros((FFN, EMBED), f32),
        "blk.0.ffn_down.weight": np.zeros((EMBED, FFN), f32),
    }
    return t


def write(path, context):
    tokens, types, merges, answer_ids, sp = build_vocab()
    eos = sp["<|im_end|>"]
    w = gguf.GGUFWriter(path, "llama")
    w.add_name("maternal-qa tiny test model")
    w.add_context_length(context)
    w.add_embedding_length(EMBED)
    w.add_block_count(1)
    w.add_feed_forward_length(FFN)
    w.add_head_count(HEADS)
    w.add_head_count_kv(HEADS)
    w.add_rope_dimension_count(EMBED // HEADS)
    w.add_rope_freq_base(10000.0)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_vocab_size(len(tokens))
    w.add_file_type(gguf.LlamaFileType.ALL_F32)
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("default")
    w.add_token_list(tokens)
    w.add_token_types(types)
    w.add_token_merges(merges)
    w.add_bos_token_id(sp["<|endoftext|>"])
    w.add_eos_token_id(eos)
    w.add_add_bos_token(False)   # ChatML prompts start with <|im_start|>, no BOS
    w.add_chat_template(CHAT_TEMPLATE)
    for name, arr in build_tensors(len(tokens), answer_ids, eos).items():
        w.add_tensor(name, arr)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", nargs="?", help="the .gguf file to write")
    ap.add_argument("--context", type=int, default=4096, help="llama.context_length (default 4096)")
    ap.add_argument("--print-answer", action="store_true", help="print the known answer and exit")
    a = ap.parse_args()
    if a.print_answer:
        print(ANSWER)
        return
    if not a.out:
        ap.error("OUT.gguf is required")
    write(a.out, a.context)


if __name__ == "__main__":
    main()
