"""Pages for campaigns and pledges, by topic: ``campaigns`` (list, launch, edit, detail),
``pledges`` (a pledge's pages and transitions, the pledge list), ``cluster`` (the head's
overview of its members, reminders, the Excel export) and ``rows`` (htmx formset rows).
Short functions: load with the permission check, validate with a form, call a service,
redirect. Each page runs a fixed number of queries whatever the number of rows."""
