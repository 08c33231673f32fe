# StarGAN on BDD100K's weather domains (sunny, night, cloudy, rainy; the
# CGL paper's second dataset), as init_weather.py.
# Data: python tools/dataset_converters/bdd100k.py (configs/stargan/README.md)
_base_ = './init_weather.py'
data_root = 'data/bdd100k_weather'
val_dataloader = dict(dataset=dict(split='val'))
test_dataloader = val_dataloader
