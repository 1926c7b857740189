"""Pages of the membership procedures: transfers, maturation, striking off."""
