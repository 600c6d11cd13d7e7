"""The result (a file or a paper) and its return: at the counter, online or by post; counter dossiers."""
