"""Device-specific computation forms, kept outside the models.

The models are written with plain ``nn.Conv2d`` and friends; ``ops.cpu``
holds faster CPU forms of some of those layers (same parameters, same
function up to float rounding) and the process-level CPU tuning, applied
to a built model by one switch (:class:`~mmi2i.engine.hooks.CPUSpeedHook`
in a config, :func:`~mmi2i.ops.cpu.apply_cpu_forms` in Python).
"""
