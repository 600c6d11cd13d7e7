"""pyHanko's synchronous calls start an asyncio loop of their own (asyncio.run), which Python refuses
inside a thread already running one (an async test harness, a notebook, an async worker). Such a
call then runs in a short-lived thread of its own."""

import asyncio
from concurrent.futures import ThreadPoolExecutor


def outside_running_loop(func, *args, **kwargs):
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # the usual case: no loop in this thread
        return func(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(func, *args, **kwargs).result()
