"""Scope set-up helpers."""
import datetime
import warnings

from mmengine import DefaultScope


def register_all_modules(init_default_scope: bool = True) -> None:
    """Import every mmi2i module so its classes are registered.

    Args:
        init_default_scope (bool): Whether to make ``'mmi2i'`` the current
            default scope. If another scope is current, a new uniquely named
            ``mmi2i`` scope instance is created so the existing one is not
            silently changed. Defaults to True.
    """
    import mmi2i.datasets  # noqa: F401
    import mmi2i.engine  # noqa: F401
    import mmi2i.evaluation  # noqa: F401
    import mmi2i.models  # noqa: F401
    import mmi2i.visualization  # noqa: F401

    if not init_default_scope:
        return
    never_created = (
        DefaultScope.get_current_instance() is None
        or not DefaultScope.check_instance_created('mmi2i'))
    if never_created:
        DefaultScope.get_instance('mmi2i', scope_name='mmi2i')
        return
    current_scope = DefaultScope.get_current_instance()
    if current_scope.scope_name != 'mmi2i':
        warnings.warn('The current default scope '
                      f'"{current_scope.scope_name}" is not "mmi2i", '
                      '`register_all_modules` will force the current '
                      'default scope to be "mmi2i". If this is not '
                      'expected, please set `init_default_scope=False`.')
        new_instance_name = f'mmi2i-{datetime.datetime.now()}'
        DefaultScope.get_instance(new_instance_name, scope_name='mmi2i')
