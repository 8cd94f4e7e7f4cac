"""Writing a criteria table back as workbook rows, in the layout ``reading`` reads."""

from .layout import COLUMNS, KIND_EXPORT, METHOD_EXPORT, RANK_COLUMNS, format_bands


def criteria_rows(criteria, bands_by_criterion):
    """Export rows (headers first) for a table's criteria in tree order."""
    headers = [header for header, _others in COLUMNS.values()]
    rows = []
    for node in criteria:
        bands = bands_by_criterion.get(node.pk, [])
        rows.append(
            [
                node.number,
                node.title,
                float(node.max_points),
                KIND_EXPORT[node.kind],
                METHOD_EXPORT[node.method],
                node.input_label,
                format_bands(bands) if bands else "",
                float(node.target) if node.target is not None else None,
                float(node.ceiling) if node.ceiling is not None else None,
                "Có" if node.evidence_required else "Không",
                node.evidence_hint,
                node.note,
            ]
        )
    return headers, rows


def rank_rows(rank_bands, required_numbers):
    headers = [header for header, _others in RANK_COLUMNS.values()]
    rows = [
        [band.name, band.label, float(band.min_total), ", ".join(required_numbers.get(band.pk, []))]
        for band in rank_bands
    ]
    return headers, rows
