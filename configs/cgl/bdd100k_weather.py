# CGL on BDD100K's weather domains (paper §4.1, Table 1), as
# init_weather.py. Data: configs/stargan/README.md (bdd100k.py converter).
_base_ = './init_weather.py'
data_root = 'data/bdd100k_weather'
val_dataloader = dict(dataset=dict(split='val'))
test_dataloader = val_dataloader
