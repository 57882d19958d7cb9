"""Helpers shared by the apps' views."""


def apply_errors(error, *forms):
    """Put a service's ValidationError onto the form fields it names, or the first form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = next((f for f in forms if field in f.fields), forms[0])
            for e in errors:
                target.add_error(field if field in target.fields else None, e)
    else:
        for message in error.messages:
            forms[0].add_error(None, message)
