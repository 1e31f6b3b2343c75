"""What a model's tokens cost: a small table of list prices, overridable by a file.

Prices are US dollars per million tokens: input, cached input (prompt tokens the endpoint served from
its prompt cache) and output. Where the table comes from and how to override it: README,
"Cost". A model that is not in the table, and the embedded model, have no price: their cost is None,
never a guess.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from summarizer.errors import ConfigurationError
from summarizer.models import Brief, Usage

# The OpenAI Batch API bills every token of a batch at half the live price.
BATCH_API_DISCOUNT = 0.5


@dataclass(frozen=True)
class Price:
    """US dollars per million tokens."""

    input: float
    output: float
    # None: the endpoint gives no discount for cached prompt tokens; they cost `input`.
    cached_input: float | None = None

    def cost(
        self, prompt_tokens: int, completion_tokens: int, cached_prompt_tokens: int = 0, *, discount: float = 1.0
    ) -> float:
        """Dollars for one usage; `prompt_tokens` includes the cached ones, as OpenAI reports them.

        `discount` multiplies the whole (0.5: the Batch API).
        """
        cached = min(cached_prompt_tokens, prompt_tokens)
        cached_rate = self.input if self.cached_input is None else self.cached_input
        dollars = (prompt_tokens - cached) * self.input + cached * cached_rate + completion_tokens * self.output
        return dollars / 1_000_000 * discount


# OpenAI's standard-tier list prices (README, "Cost", names the page and the date they were read).
PRICES: dict[str, Price] = {
    "gpt-4o": Price(input=2.50, cached_input=1.25, output=10.00),
    "gpt-4o-mini": Price(input=0.15, cached_input=0.075, output=0.60),
    "gpt-4.1": Price(input=2.00, cached_input=0.50, output=8.00),
    "gpt-4.1-mini": Price(input=0.40, cached_input=0.10, output=1.60),
    "gpt-4.1-nano": Price(input=0.10, cached_input=0.025, output=0.40),
}

# A dated snapshot ("gpt-4o-mini-2024-07-18") is billed as its model.
_SNAPSHOT = re.compile(r"-\d{4}-\d{2}-\d{2}$")


def lookup(model: str, table: Mapping[str, Price] | None = None) -> Price | None:
    """The price of `model` (exactly, else without a snapshot date); None when it is not known."""
    table = PRICES if table is None else table
    return table.get(model) or table.get(_SNAPSHOT.sub("", model))


def load_prices(path: Path) -> dict[str, Price]:
    """The built-in table with the entries of a JSON or YAML file over it.

    The file maps model names to `{input, output, cached_input}` in dollars per million tokens
    (`cached_input` optional); `null` for a model removes its built-in price.
    """
    try:
        text = path.read_text(encoding="utf-8")
        data: Any = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as error:
        raise ConfigurationError(f"SUMMARIZER_PRICES: cannot read {path}: {error}") from error
    if not isinstance(data, dict):
        raise ConfigurationError(f"SUMMARIZER_PRICES: {path} must map model names to prices")
    table = dict(PRICES)
    for model, entry in data.items():
        if entry is None:
            table.pop(str(model), None)
            continue
        table[str(model)] = _price(path, str(model), entry)
    return table


def _price(path: Path, model: str, entry: Any) -> Price:
    where = f"SUMMARIZER_PRICES: {path}: {model}"
    if not isinstance(entry, dict) or not {"input", "output"} <= entry.keys():
        raise ConfigurationError(f"{where}: needs input and output (dollars per million tokens)")
    unknown = set(entry) - {"input", "output", "cached_input"}
    if unknown:
        raise ConfigurationError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    values: dict[str, float] = {}
    for key, value in entry.items():
        if value is None and key == "cached_input":
            continue
        # bool is an int to Python, and `input: yes` in YAML is surely a mistake.
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ConfigurationError(f"{where}: {key} must be a number of dollars, not {value!r}")
        values[key] = float(value)
    return Price(**values)


def usage_cost(usage: Usage, price: Price | None, *, discount: float = 1.0) -> float | None:
    if price is None:
        return None
    cost = price.cost(usage.prompt_tokens, usage.completion_tokens, usage.cached_prompt_tokens, discount=discount)
    # Rounded off float noise (0.00017120000000000001) only: a token of the cheapest model costs
    # a few billionths of a dollar.
    return round(cost, 10)


def with_cost(brief: Brief, price: Price | None, *, discount: float = 1.0) -> Brief:
    """The brief with `usage.cost_usd` set from its tokens (None without a price)."""
    usage = brief.usage.model_copy(update={"cost_usd": usage_cost(brief.usage, price, discount=discount)})
    return brief.model_copy(update={"usage": usage})
