# MGUIT on INIT sunny <-> night (paper §4): the released code's networks
# and losses, memory of 10 background, 5 car, 3 person and 2 traffic-sign
# items (keys 256, values 128), batch 1, 360x360 crops, 30 + 30 epochs.
# Data: configs/init/README.md.
_base_ = [
    '../_base_/models/mguit.py', '../_base_/datasets/init_weather.py',
    '../_base_/schedules/mguit_epochs.py', '../_base_/default_runtime.py'
]
domains = ('sunny', 'night')
train_dataloader = dict(
    sampler=dict(type='DefaultSampler', shuffle=True),
    )
