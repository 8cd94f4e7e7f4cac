"""Every action that changes people's data: one function named by its verb, in one
transaction, locking what it checks, checking permission and state, writing history."""
