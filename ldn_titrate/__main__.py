"""Allow ``python -m ldn_titrate``."""

from ldn_titrate.entry import main

main()
