"""The foundation every layer may import: the plan, the blocks readers produce, the findings
catalogue, the errors and the small enums.

- ``plan``: the pydantic plan (the single source of truth of ``schemas/``);
- ``ir``: the intermediate representation, blocks with provenance, that readers produce;
- ``messages``: every rule id and user-facing sentence, in French and English;
- ``errors``: the one base exception and its subclasses with their exit codes;
- ``kinds``: document kinds and finding severities.
"""
