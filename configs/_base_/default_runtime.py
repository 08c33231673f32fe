# Runtime shared by every mmi2i config.
default_scope = 'mmi2i'

default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=50),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(
        type='CheckpointHook',
        interval=5000,
        by_epoch=False,
        max_keep_ckpts=3,
        save_last=True),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    # checkpoints load with torch.load(weights_only=True); exact resume
    safe_checkpoint=dict(type='SafeCheckpointHook'),
    # PNG grids (input | translation | reconstruction) in <work_dir>/vis
    visualization=dict(type='TranslationVisualizationHook', interval=1000),
    # CPU training only (nothing on GPU, never at test time): keep freed
    # memory in the process (bit-identical results) and, with convs=True,
    # put eligible convolutions in their CPU forms (same parameters, same
    # function up to float rounding): mmi2i/ops/cpu, docs/benchmarks.md
    cpu_speed=dict(type='CPUSpeedHook', convs=False, allocator=True),
    # staged methods (MGD-GAN): log lines show the current stage's losses
    stage_log=dict(type='StageLogHook'))

# every mmi2i hook has a name in default_hooks, so a config changes one
# setting with default_hooks=dict(visualization=dict(interval=250))
custom_hooks = []

env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    # tools/train.py switches to gloo when no GPU is present
    dist_cfg=dict(backend='nccl'))

# networks are direct children: each is wrapped (and synced) on its own
model_wrapper_cfg = dict(
    type='MMSeparateDistributedDataParallel',
    broadcast_buffers=False,
    find_unused_parameters=False)

vis_backends = [dict(type='LocalVisBackend')]
# add dict(type='TensorboardVisBackend') for TensorBoard scalars
visualizer = dict(type='Visualizer', vis_backends=vis_backends)

log_processor = dict(type='LogProcessor', window_size=50, by_epoch=False)
log_level = 'INFO'
load_from = None
resume = False
randomness = dict(seed=2024, deterministic=False)
