// Optional Azure AI Face resource for liveness (Liveness__Provider = azure-face). Face liveness needs Microsoft's
// Limited Access approval for the subscription; without it, pass an approved resource's endpoint instead.
@description('Face resource name; also its custom subdomain (required for Entra ID authentication).')
param name string

@description('Region of the resource.')
param location string

@description('Tags applied to the resource.')
param tags object

resource face 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'Face'
  sku: {
    name: 'S0'
  }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

output id string = face.id
output name string = face.name
output endpoint string = face.properties.endpoint
