# Fails a test whose tool is missing, saying why (JXC_MISSING).
message(FATAL_ERROR "${JXC_MISSING}")
