#!/usr/bin/env python3
"""Trains Baton's entity classifier and exports it as ONNX (see training/README.md).

Reads features made by training/featurize.ts (the app's own feature code), trains a small
character-aware convolutional tagger (character CNN + hashed word embeddings + shape +
gazetteer flags, read in context by dilated convolutions) with PyTorch on the CPU, keeps the epoch that tags the held-out synthetic texts best,
and writes model.onnx and layout.json into the output folder. Debian's python3-torch and
python3-onnx only; nothing here runs in the app or in CI.
"""
import argparse
import json
import random
import time

import numpy as np
import torch
import torch.nn as nn


def read_rows(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


class ResidualConvolution(nn.Module):
    """A dilated convolution over tokens with a residual connection; padding stays zero."""

    def __init__(self, channels, dilation, dropout):
        super().__init__()
        self.convolution = nn.Conv1d(channels, channels, kernel_size=3, padding=dilation, dilation=dilation)
        self.norm = nn.LayerNorm(channels)
        self.dropout = nn.Dropout(dropout)

    def forward(self, values, mask):
        changed = torch.relu(self.convolution(values.transpose(1, 2))).transpose(1, 2)
        return self.norm(values + self.dropout(changed)) * mask


class Tagger(nn.Module):
    """
    Per token: hashed word embedding, a character CNN (max-pooled), a shape embedding and the
    gazetteer and layout flags, projected and read in context by stacked dilated convolutions
    (each token sees 15 tokens either side). Convolutions rather than a recurrent layer: on
    2 CPU cores a two-layer BiGRU alone took about a second per batch of 64 texts (forward and
    backward, about 3,000 tokens a second), while this whole tagger trains at about 11,000.
    """

    def __init__(self, layout, word_dim, char_dim, char_filters, shape_dim, hidden, dilations, dropout):
        super().__init__()
        self.chars_per_token = layout["charsPerToken"]
        self.word = nn.Embedding(layout["wordBuckets"], word_dim, padding_idx=0)
        self.char = nn.Embedding(layout["charBuckets"], char_dim, padding_idx=0)
        self.char_conv = nn.Conv1d(char_dim, char_filters, kernel_size=3, padding=1)
        self.shape = nn.Embedding(len(layout["shapes"]), shape_dim, padding_idx=0)
        width = word_dim + char_filters + shape_dim + len(layout["flags"])
        self.project = nn.Linear(width, hidden)
        self.context = nn.ModuleList(ResidualConvolution(hidden, dilation, dropout) for dilation in dilations)
        self.dropout = nn.Dropout(dropout)
        self.out = nn.Linear(hidden, len(layout["tags"]))

    def forward(self, word_ids, char_ids, shape_ids, flags):
        batch, tokens = word_ids.shape
        # Padding positions (word id 0) are zeroed after every layer, so a padded training
        # batch computes exactly what one unpadded text computes in the app.
        mask = (word_ids > 0).unsqueeze(-1).to(flags.dtype)
        chars = self.char(char_ids.reshape(batch * tokens, self.chars_per_token)).transpose(1, 2)
        char_features = torch.relu(self.char_conv(chars)).max(dim=2).values.reshape(batch, tokens, -1)
        inputs = torch.cat([self.word(word_ids), char_features, self.shape(shape_ids), flags], dim=-1)
        values = torch.relu(self.project(self.dropout(inputs))) * mask
        for layer in self.context:
            values = layer(values, mask)
        return self.out(self.dropout(values))


def make_batch(rows, layout, train, rng, word_dropout, flag_dropout):
    flag_count = len(layout["flags"])
    gazetteer_flags = [index for index, name in enumerate(layout["flags"]) if name in GAZETTEER_FLAGS]
    chars_per_token = layout["charsPerToken"]
    longest = max(len(row["w"]) for row in rows)
    words = np.zeros((len(rows), longest), dtype=np.int64)
    chars = np.zeros((len(rows), longest, chars_per_token), dtype=np.int64)
    shapes = np.zeros((len(rows), longest), dtype=np.int64)
    flags = np.zeros((len(rows), longest, flag_count), dtype=np.float32)
    tags = np.full((len(rows), longest), -100, dtype=np.int64)
    lengths = []
    for row_index, row in enumerate(rows):
        length = len(row["w"])
        lengths.append(length)
        words[row_index, :length] = row["w"]
        chars[row_index, :length] = np.asarray(row["c"], dtype=np.int64).reshape(length, chars_per_token)
        shapes[row_index, :length] = row["s"]
        masks = np.asarray(row["f"], dtype=np.int64)
        for flag in range(flag_count):
            flags[row_index, :length, flag] = (masks >> flag) & 1
        tags[row_index, :length] = row["y"]
        if train:
            # Words the model has not seen and names missing from the lists must still be found:
            # drop word ids to "unknown" and gazetteer hits to nothing, now and then.
            dropped = rng.random(length) < word_dropout
            words[row_index, :length][dropped] = 1
            for flag in gazetteer_flags:
                hidden = rng.random(length) < flag_dropout
                flags[row_index, :length, flag][hidden] = 0
    return (
        torch.from_numpy(words),
        torch.from_numpy(chars),
        torch.from_numpy(shapes),
        torch.from_numpy(flags),
        torch.from_numpy(tags),
        torch.tensor(lengths, dtype=torch.int64),
    )


GAZETTEER_FLAGS = {"first-name", "last-name", "place", "organization-word", "person-title", "street-word", "common-word"}


def batches(rows, size, shuffle, rng):
    order = sorted(range(len(rows)), key=lambda index: len(rows[index]["w"]))
    groups = [order[start:start + size] for start in range(0, len(order), size)]
    if shuffle:
        rng.shuffle(groups)
    return groups


def entity_spans(tags, tag_names):
    spans, open_span = set(), None
    for index, tag in enumerate(list(tags) + [0]):
        name = tag_names[tag]
        if name == "O" or name.startswith("B-") or (open_span and name[2:] != open_span[0]):
            if open_span:
                spans.add((open_span[0], open_span[1], index))
            open_span = (name[2:], index) if name != "O" else None
    return spans


def evaluate(model, rows, layout, rng):
    model.eval()
    tag_names = layout["tags"]
    found = {kind: [0, 0, 0] for kind in ("PERSON", "LOCATION", "ORGANIZATION", "STREET")}
    with torch.no_grad():
        for group in batches(rows, 64, False, rng):
            selected = [rows[index] for index in group]
            words, chars, shapes, flags, tags, lengths = make_batch(selected, layout, False, rng, 0, 0)
            predicted = model(words, chars, shapes, flags).argmax(dim=-1)
            for row_index, row in enumerate(selected):
                length = len(row["w"])
                gold = entity_spans(row["y"], tag_names)
                guess = entity_spans(predicted[row_index, :length].tolist(), tag_names)
                for kind, counts in found.items():
                    gold_kind = {span for span in gold if span[0] == kind}
                    guess_kind = {span for span in guess if span[0] == kind}
                    counts[0] += len(gold_kind & guess_kind)
                    counts[1] += len(guess_kind)
                    counts[2] += len(gold_kind)
    scores = {}
    for kind, (correct, guessed, gold) in found.items():
        precision = correct / guessed if guessed else 0.0
        recall = correct / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[kind] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}
    model.train()
    return scores


def export(model, layout, path):
    model.eval()
    tokens = 7
    example = (
        torch.randint(2, layout["wordBuckets"], (1, tokens)),
        torch.randint(1, layout["charBuckets"], (1, tokens, layout["charsPerToken"])),
        torch.randint(1, len(layout["shapes"]), (1, tokens)),
        torch.zeros((1, tokens, len(layout["flags"]))),
    )
    torch.onnx.export(
        model,
        example,
        path,
        input_names=["word_ids", "char_ids", "shape_ids", "flags"],
        output_names=["logits"],
        dynamic_axes={"word_ids": {1: "tokens"}, "char_ids": {1: "tokens"}, "shape_ids": {1: "tokens"}, "flags": {1: "tokens"}, "logits": {1: "tokens"}},
        opset_version=14,
    )
    import onnx

    onnx.checker.check_model(onnx.load(path))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train", required=True)
    parser.add_argument("--dev", required=True)
    parser.add_argument("--layout", required=True, help="layout.json written by featurize.ts")
    parser.add_argument("--out", required=True, help="folder for model.onnx and layout.json")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--learning-rate", type=float, default=3e-3)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--dilations", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--word-dim", type=int, default=32)
    parser.add_argument("--char-dim", type=int, default=24)
    parser.add_argument("--char-filters", type=int, default=64)
    parser.add_argument("--shape-dim", type=int, default=8)
    parser.add_argument("--dropout", type=float, default=0.25)
    parser.add_argument("--word-dropout", type=float, default=0.2)
    parser.add_argument("--flag-dropout", type=float, default=0.3)
    parser.add_argument("--entity-weight", type=float, default=1.0, help="loss weight of entity tags against O")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()

    torch.manual_seed(arguments.seed)
    torch.set_num_threads(arguments.threads)
    rng = np.random.default_rng(arguments.seed)
    shuffle_rng = random.Random(arguments.seed)
    with open(arguments.layout, encoding="utf-8") as handle:
        layout = json.load(handle)
    train_rows, dev_rows = read_rows(arguments.train), read_rows(arguments.dev)
    print(f"{len(train_rows)} training texts, {len(dev_rows)} held-out texts", flush=True)

    model = Tagger(layout, arguments.word_dim, arguments.char_dim, arguments.char_filters, arguments.shape_dim, arguments.hidden, arguments.dilations, arguments.dropout)
    parameters = sum(parameter.numel() for parameter in model.parameters())
    print(f"{parameters} parameters", flush=True)
    weights = torch.full((len(layout["tags"]),), arguments.entity_weight)
    weights[0] = 1.0
    loss_function = nn.CrossEntropyLoss(weight=weights, ignore_index=-100)
    optimizer = torch.optim.Adam(model.parameters(), lr=arguments.learning_rate)
    total_steps = arguments.epochs * len(batches(train_rows, arguments.batch, False, shuffle_rng))
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=arguments.learning_rate, total_steps=total_steps, pct_start=0.1)

    best_score, history = -1.0, []
    started = time.time()
    for epoch in range(1, arguments.epochs + 1):
        running = 0.0
        groups = batches(train_rows, arguments.batch, True, shuffle_rng)
        for step, group in enumerate(groups, start=1):
            words, chars, shapes, flags, tags, lengths = make_batch([train_rows[index] for index in group], layout, True, rng, arguments.word_dropout, arguments.flag_dropout)
            logits = model(words, chars, shapes, flags)
            loss = loss_function(logits.reshape(-1, logits.shape[-1]), tags.reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimizer.step()
            scheduler.step()
            running += loss.item()
            if step % 200 == 0:
                print(f"epoch {epoch} step {step}/{len(groups)} loss {running / 200:.4f} ({time.time() - started:.0f} s)", flush=True)
                running = 0.0
        scores = evaluate(model, dev_rows, layout, rng)
        mean_f1 = sum(score["f1"] for score in scores.values()) / len(scores)
        history.append({"epoch": epoch, "scores": scores, "seconds": round(time.time() - started)})
        print(f"epoch {epoch}: held-out F1 {mean_f1:.4f} {json.dumps(scores)}", flush=True)
        if mean_f1 > best_score:
            # Written at every improvement, so a run stopped early still leaves its best model.
            best_score = mean_f1
            write_model(model, layout, arguments, parameters, history, best_score)
            model.train()
    print(f"best held-out mean F1 {best_score:.4f}: {arguments.out}/model.onnx and layout.json", flush=True)


def write_model(model, layout, arguments, parameters, history, best_score):
    export(model, layout, f"{arguments.out}/model.onnx")
    record = dict(layout)
    record["training"] = {
        "parameters": parameters,
        "arguments": vars(arguments),
        "history": history,
        "bestHeldOutMeanF1": round(best_score, 4),
    }
    with open(f"{arguments.out}/layout.json", "w", encoding="utf-8") as handle:
        json.dump(record, handle, indent=2, ensure_ascii=False)
        handle.write("\n")
    print(f"wrote {arguments.out}/model.onnx and layout.json (held-out mean F1 {best_score:.4f})", flush=True)


if __name__ == "__main__":
    main()
