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

# the papers' test protocol on these data (init_weather.py): IS and CIS
# (Table 1), LPIPS diversity (Table 2), FID; the paper's numbers printed by
# tools/test.py next to the measured ones
model = dict(test_num_styles={{_base_.paper_test_styles}})
test_evaluator = {{_base_.paper_metrics}}
paper_results = dict(
    source='MGUIT Tables 1-2, Ours',
    metrics={
        'lpips_div/sunny2night': 0.346,
        'is/sunny2night/CIS': 1.176,
        'is/sunny2night/IS': 1.271,
        'is/night2sunny/CIS': 1.115,
        'is/night2sunny/IS': 1.130,
    })
