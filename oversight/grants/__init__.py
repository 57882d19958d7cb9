"""Named access: a facility head or administrator lets a monitor see names at one facility, for a while."""
