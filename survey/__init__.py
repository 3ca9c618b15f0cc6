"""Forms, the expression language and the checklist engine. Never imports textual."""
