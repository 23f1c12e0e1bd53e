az network vnet create -n v --address-prefixes "10.0.0.0/8
az aks create -n c -g rg --network-plugin azure $(
