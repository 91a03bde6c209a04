"""Re-training the packaged line models offline (needs the ``train`` extra; never imported at run time)."""
