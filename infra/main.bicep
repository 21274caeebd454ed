// The entry/exit self-service backend on Azure, deployed by `azd up` (see README "Deploy to Azure").
// Flex Consumption function app + storage by identity + Key Vault + Log Analytics/Application Insights + ACS Email
// (+ optional Face). Every app setting the code reads is set here; tests/Infra.Tests checks that against the code
// and local.settings.sample.json, and checks the security properties of the compiled ARM JSON.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds the resource names.')
param environmentName string

@minLength(1)
@description('Region of every regional resource. Must offer Flex Consumption.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the deploying user (azd fills AZURE_PRINCIPAL_ID): may manage the vault\'s secrets and certificates. Empty: nobody.')
param principalId string = ''

@description('Type of principalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Liveness provider: azure-face in production; development only for a demo (never with real people).')
@allowed([
  'azure-face'
  'development'
])
param livenessProvider string = 'azure-face'

@description('Create an Azure AI Face resource here (the subscription needs Limited Access approval for liveness).')
param createFaceResource bool = false

@description('Endpoint of an existing, approved Face resource (used when createFaceResource is false). Grant the app identity "Cognitive Services Face Recognizer" on it.')
param faceEndpoint string = ''

@description('Face liveness mode: Passive or PassiveActive.')
@allowed([
  'Passive'
  'PassiveActive'
])
param faceLivenessOperationMode string = 'Passive'

@description('Optional floor on Face\'s matchConfidence (0-1) on top of isIdentical; "0" = isIdentical alone.')
param livenessMinMatchConfidence string = '0'

@description('Proxies in front of the app whose X-Forwarded-For entry is trusted (docs/operations.md): 1 = Azure\'s own front end; 2 with Front Door or API Management in front.')
@minValue(1)
param trustedProxyHops int = 1

@description('Key id written into new access tokens (Security__TokenKeyId); its key is the vault secret token-signing-key.')
@minLength(1)
param tokenKeyId string = 'k1'

@description('Comma-separated ids of retired token keys that must still verify (at most 15 minutes after a rotation); each reads the vault secret token-signing-key-<id>.')
param retiredTokenKeyIds string = ''

@description('Name of the e-file signing certificate in the vault.')
param signingCertificateName string = 'efile-signing'

@description('Days an e-file can be downloaded (Reports__RetentionDays); the storage lifecycle rule deletes report blobs a day later.')
@minValue(1)
@maxValue(365)
param reportsRetentionDays int = 7

@description('Minutes one download URL works (Reports__DownloadLinkMinutes).')
@minValue(1)
@maxValue(60)
param reportsDownloadLinkMinutes int = 5

@description('Public base URL printed in e-files (Reports__PublicBaseUrl); empty: https://<function app host name>.')
param publicBaseUrl string = ''

@description('Where ACS keeps its data at rest.')
param communicationDataLocation string = 'Asia Pacific'

@description('Optional custom mail domain for ACS Email; empty: the Azure-managed domain only.')
param customEmailDomain string = ''

@description('True once the custom mail domain\'s DNS records are verified.')
param customEmailDomainVerified bool = false

@description('Display name of the sender (Email__SenderName).')
param emailSenderName string = '国家移民管理局'

@description('Email address notified by the alerts; empty: portal only.')
param alertEmail string = ''

@description('Failed face checks in 15 minutes that raise the face-failure-spike alert.')
param faceFailureSpike int = 50

@description('Verifications refused as locked in 15 minutes that raise the lockout-spike alert.')
param lockoutSpike int = 20

@description('Storage replication.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

@description('Upper bound on function app instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var serviceName = 'api'
var functionAppName = 'func-${serviceName}-${resourceToken}'
var keyVaultName = 'kv-${resourceToken}'
var identityName = 'id-${serviceName}-${resourceToken}'
var storageAccountName = 'st${resourceToken}'
var applicationInsightsName = 'appi-${resourceToken}'
var communicationServiceName = 'acs-${resourceToken}'
var emailServiceName = 'acs-email-${resourceToken}'
var faceAccountName = 'face-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}'

// shared/Storage/StorageNames.cs; a test compares these lists with that class.
var tableNames = [
  'People'
  'Crossings'
  'Verifications'
  'RevokedSessions'
  'Reports'
  'Imports'
  'FailureCounters'
  'Audit'
  'Documents'
  'DocumentIndex'
  'Issuances'
  'IssuerCertificates'
  'IdempotencyKeys'
  'ReportQuotas'
]
var queueNames = [
  'report-render'
  'report-render-poison'
  'report-email'
  'report-email-poison'
  'import-run'
  'import-run-poison'
]
var containerNames = [
  'reports'
  'imports'
  'issuer'
  'reference-photos'
]
var reportsContainerName = 'reports'

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: resourceGroup
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    name: storageAccountName
    location: location
    tags: tags
    skuName: storageSku
    tableNames: tableNames
    queueNames: queueNames
    containerNames: containerNames
    reportsContainerName: reportsContainerName
    deploymentContainerName: deploymentContainerName
    reportsRetentionDays: reportsRetentionDays
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyVault'
  scope: resourceGroup
  params: {
    name: keyVaultName
    location: location
    tags: tags
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

module email 'modules/email.bicep' = {
  name: 'email'
  scope: resourceGroup
  params: {
    communicationServiceName: communicationServiceName
    emailServiceName: emailServiceName
    dataLocation: communicationDataLocation
    tags: tags
    customDomainName: customEmailDomain
    customDomainVerified: customEmailDomainVerified
  }
}

module face 'modules/face.bicep' = if (createFaceResource) {
  name: 'face'
  scope: resourceGroup
  params: {
    name: faceAccountName
    location: location
    tags: tags
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  scope: resourceGroup
  params: {
    appIdentityName: identityName
    appPrincipalId: identity.outputs.principalId
    operatorPrincipalId: principalId
    operatorPrincipalType: principalType
    storageAccountName: storageAccountName
    keyVaultName: keyVaultName
    applicationInsightsName: applicationInsightsName
    communicationServiceName: communicationServiceName
    emailServiceName: emailServiceName
    faceAccountName: createFaceResource ? faceAccountName : ''
  }
  // The names above are known before deployment (what-if friendly); these are the resources they name.
  dependsOn: [
    storage
    keyVault
    monitoring
    email
    face
  ]
}

// Versionless Key Vault references: the app reads the current version of each secret (refreshed within 24 hours, or
// at once on a restart or settings change).
var vaultReference = '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName='

// Tokens signed by a retired key keep verifying while its id is listed here (SecurityOptions.RetiredTokenKeys).
var retiredTokenKeySettings = toObject(
  filter(map(split(retiredTokenKeyIds, ','), id => trim(id)), id => !empty(id)),
  id => 'Security__RetiredTokenKeys__${id}',
  id => '${vaultReference}token-signing-key-${id})'
)

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionApp'
  scope: resourceGroup
  params: {
    name: functionAppName
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    serviceName: serviceName
    identityId: identity.outputs.id
    blobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    publicBaseUrl: publicBaseUrl
    maximumInstanceCount: maximumInstanceCount
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    extraSettings: retiredTokenKeySettings
    appSettings: {
      // Host and app storage by identity (shared/Storage/StorageClients.cs); no connection string, no key.
      AzureWebJobsStorage__blobServiceUri: storage.outputs.blobEndpoint
      AzureWebJobsStorage__queueServiceUri: storage.outputs.queueEndpoint
      AzureWebJobsStorage__tableServiceUri: storage.outputs.tableEndpoint
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.outputs.clientId
      // Telemetry with Entra ID (local auth is off on the component).
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
      // The worker's own OpenTelemetry exporter authenticates with the same identity.
      Telemetry__ClientId: identity.outputs.clientId
      // Keys, from the vault (created by infra/hooks/postprovision.sh).
      Security__PersonKeySecret: '${vaultReference}person-key-secret)'
      Security__DataProtectionKey: '${vaultReference}data-protection-key)'
      Security__TokenSigningKey: '${vaultReference}token-signing-key)'
      Security__TokenKeyId: tokenKeyId
      // Liveness.
      Liveness__Provider: livenessProvider
      Liveness__AllowDevelopmentInAzure: livenessProvider == 'development' ? 'true' : 'false'
      Liveness__DevelopmentKey: livenessProvider == 'development' ? '${vaultReference}liveness-development-key)' : ''
      Face__Endpoint: createFaceResource ? face!.outputs.endpoint : faceEndpoint
      Face__ClientId: identity.outputs.clientId
      Face__LivenessOperationMode: faceLivenessOperationMode
      Face__AuthTokenTimeToLiveSeconds: '600'
      Face__TimeoutSeconds: '10'
      Face__MaxRetries: '1'
      Liveness__MinMatchConfidence: livenessMinMatchConfidence
      // Which X-Forwarded-For entry is the client (failures are counted per client; an IPv6 client by its /64).
      ClientAddress__TrustedProxyHops: string(trustedProxyHops)
      // Verification limits (SPEC: five failures per ID number within an hour lock it for an hour).
      Lockout__MaxFailuresPerIdNumber: '5'
      Lockout__MaxFailuresPerClient: '20'
      Lockout__WindowMinutes: '60'
      Lockout__LockMinutes: '60'
      EFileChecks__MaxLookupFailuresPerClient: '30'
      // Email through Azure Communication Services, by identity.
      Email__Provider: 'acs'
      Email__Acs__Endpoint: email.outputs.endpoint
      Email__Acs__ClientId: identity.outputs.clientId
      Email__Acs__PollingTimeout: '00:02:00'
      Email__Acs__MaxInlineRetryAfter: '00:00:30'
      Email__Acs__MaxRetries: '3'
      Email__Acs__RetryDelay: '00:00:00.800'
      Email__SenderAddress: email.outputs.senderAddress
      Email__SenderName: emailSenderName
      // E-files.
      Reports__RetentionDays: string(reportsRetentionDays)
      Reports__DownloadLinkMinutes: string(reportsDownloadLinkMinutes)
      Reports__StageLeaseSeconds: '60'
      Reports__MaxAttempts: '5'
      Reports__RetryDelaySeconds: '15'
      Reports__MaxRetryDelaySeconds: '600'
      Reports__MaxDeferrals: '150'
      Reports__MaxReportsPerDay: '20'
      Reports__StuckAfterMinutes: '10'
      // Bulk imports (POST /api/ops/imports).
      Import__CheckpointLines: '5000'
      Import__LeaseSeconds: '120'
      Import__MaxAttempts: '5'
      Import__Parallelism: '8'
      Import__MaxLineBytes: '2097152'
      Import__StuckAfterMinutes: '10'
      // The e-file signing certificate in the vault.
      Signing__KeyVaultUri: keyVault.outputs.uri
      Signing__CertificateName: signingCertificateName
      Signing__ClientId: identity.outputs.clientId
      Signing__RefreshMinutes: '60'
    }
  }
  dependsOn: [
    roles
  ]
}

module workbook 'modules/workbook.bicep' = {
  name: 'workbook'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    storageAccountId: storage.outputs.id
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    namePrefix: 'alert-${resourceToken}'
    alertEmail: alertEmail
    faceFailureSpike: faceFailureSpike
    lockoutSpike: lockoutSpike
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output API_BASE_URL string = 'https://${functionApp.outputs.defaultHostName}/api'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output EMAIL_SENDER_ADDRESS string = email.outputs.senderAddress
output LIVENESS_PROVIDER string = livenessProvider
output SIGNING_CERTIFICATE_NAME string = signingCertificateName
