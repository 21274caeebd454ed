// The function app on the Flex Consumption plan: .NET isolated 10.0, HTTPS only, TLS 1.2, one user-assigned managed
// identity for storage (AzureWebJobsStorage__*), Key Vault references, Application Insights, ACS and Face. No
// publishing credentials: azd deploys with Entra ID to the deployment container.
@description('Function app name (also the default host name\'s first label).')
param name string

@description('App Service plan name.')
param planName string

@description('Region of the plan and the app.')
param location string

@description('Tags applied to the plan; the app also gets azd-service-name.')
param tags object

@description('The azure.yaml service this app hosts.')
param serviceName string

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Blob endpoint of the storage account holding the deployment container.')
param blobEndpoint string

@description('Container Flex Consumption deploys the package from.')
param deploymentContainerName string

@description('App settings (see main.bicep); Reports__PublicBaseUrl is added here from the app\'s host name unless publicBaseUrl is set.')
param appSettings object

@description('Settings whose names are not known in advance (Security__RetiredTokenKeys__<keyId>).')
param extraSettings object = {}

@description('Public base URL printed in e-files\' QR codes; empty: https://<default host name>.')
param publicBaseUrl string = ''

@description('Memory of one instance (MB).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound on instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Log Analytics workspace receiving the app\'s logs and metrics.')
param logAnalyticsWorkspaceId string

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    // Key Vault references resolve with the user-assigned identity (Key Vault Secrets User on the vault).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, extraSettings, {
    Reports__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${site.properties.defaultHostName}' : publicBaseUrl
  })
}

// No FTP or SCM basic-auth publishing: deployments use Entra ID.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'FunctionAppLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output id string = site.id
output name string = site.name
output defaultHostName string = site.properties.defaultHostName
