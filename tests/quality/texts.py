"""Fixture texts written for these tests (no third-party data)."""

GOOD = (
    "The village council met on Tuesday evening to discuss the new bridge over the river. "
    "Residents said that the old crossing had become unsafe, and that children walking to school "
    "had to share the narrow road with lorries.\n\n"
    "The engineer presented three designs. The cheapest would take two years to build, while the "
    "most expensive could be finished before the winter floods arrive.\n\n"
    "After a long debate, the council voted to ask the regional government for help with the cost. "
    "A final decision is expected in the spring, once the surveys of the riverbank are complete."
)

MENU = "\n".join(["Home", "About us", "Products", "Contact", "Login", "Cart", "Search"] * 4)

SPAMMY = "\n".join(["Buy cheap watches now at the best price online today!"] * 30)

CODE = GOOD + "\nThe options are given as {\"retries\": 3} in the file.\n"
