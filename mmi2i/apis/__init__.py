from .config import (add_config_options, config_options, default_work_dir,
                     enable_auto_scale_lr, ensure_safe_checkpoints,
                     load_config, read_config, resolve_data,
                     resolve_epoch_schedule, resolve_evaluators,
                     resolve_schedulers, skip_missing_validation)
from .inference import (build_inference_pipeline, build_test_dataset,
                        encode_reference_object_styles,
                        encode_reference_styles, infos_from_annotations,
                        infos_from_detector, init_model, to_input_size,
                        translate_infos)
from .synthesize import synthesize_dataset
from .task_cli import load_task, task_domains, task_parser

__all__ = [
    'read_config', 'load_config', 'resolve_data', 'resolve_epoch_schedule',
    'resolve_schedulers', 'ensure_safe_checkpoints', 'resolve_evaluators',
    'skip_missing_validation', 'add_config_options', 'config_options',
    'default_work_dir', 'enable_auto_scale_lr',
    'init_model', 'build_inference_pipeline', 'build_test_dataset',
    'infos_from_annotations', 'infos_from_detector', 'translate_infos',
    'to_input_size', 'encode_reference_styles',
    'encode_reference_object_styles',
    'synthesize_dataset', 'task_parser', 'load_task', 'task_domains'
]
