"""Visualization: image grids are written by
:class:`mmi2i.engine.TranslationVisualizationHook`; MMEngine's
``Visualizer`` and its backends (local, TensorBoard) are used as they are.
"""
