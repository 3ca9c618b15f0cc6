"""doorstep: offline door-to-door visits for veterans and military families.

The source folders at the top of the repository (survey/, storage/, sync/, reports/, demo/,
i18n/, tui/, cli/) install as subpackages of this one (`doorstep.survey`, ...), so that doorstep
puts one name into site-packages and no generic one (`i18n`, `sync`) that another distribution
could overwrite.
"""

__version__ = "0.2.0"
