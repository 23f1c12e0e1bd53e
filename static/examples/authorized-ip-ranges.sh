# API server authorized IP ranges, as the AKS documentation sets them. The update below passes
# 137.117.106.90/29, which the documentation calls valid: it is not the first address of its /29,
# so Azure stores 137.117.106.88/29.
RESOURCE_GROUP=myResourceGroup
CLUSTER_NAME=myAKSCluster

# Create a cluster whose API server accepts only one office range (and the cluster's own
# outbound public IP, which Azure adds).
az aks create --resource-group $RESOURCE_GROUP --name $CLUSTER_NAME \
    --vm-set-type VirtualMachineScaleSets --load-balancer-sku standard \
    --api-server-authorized-ip-ranges 73.140.245.0/24 --generate-ssh-keys

# Later: add the build agents' range.
az aks update --resource-group $RESOURCE_GROUP --name $CLUSTER_NAME \
    --api-server-authorized-ip-ranges 73.140.245.0/24,137.117.106.90/29
