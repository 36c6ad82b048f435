"""One line per event on the emulator's output (the test tier keeps it in its emulator log)."""


def log(message: str) -> None:
    print(f"emulator: {message}", flush=True)


def brief(error: Exception) -> str:
    return f"{type(error).__name__}: {str(error)[:300]}"
