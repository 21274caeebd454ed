// Role assignments, least privilege, each scoped to the one resource it concerns.
//
// The app's identity:
// - Storage Blob Data Owner on the account: required by the Functions host for identity-based AzureWebJobsStorage
//   (its lease, secret and deployment blobs). It also covers the reports container and the user-delegation key that
//   signs download SAS URLs (generateUserDelegationKey); no other principal gets blob data access.
// - Storage Queue Data Contributor, Storage Table Data Contributor on the account: the report queues, the tables.
// - Key Vault Secrets User (Key Vault references, the keys), Key Vault Certificate User (the signing certificate) and
//   Key Vault Crypto User (signing with the certificate's key inside the vault) on the vault.
// - Monitoring Metrics Publisher on Application Insights: identity-based telemetry ingestion.
// - Communication and Email Service Owner on the ACS and Email Communication Service resources: sending mail with
//   an Entra token (no narrower built-in role is documented for it).
// - Cognitive Services Face Recognizer on the Face resource, when one is created here.
// The deploying user (principalId, optional): Key Vault Secrets Officer and Certificates Officer on the vault, so
// the post-provision hook and the operator can create the keys and import the signing certificate.
@description('Name of the app\'s user-assigned identity (seeds the assignment names, so they are known before deployment).')
param appIdentityName string

@description('Principal id of the app\'s user-assigned identity.')
param appPrincipalId string

@description('Object id of the deploying user (azd sets AZURE_PRINCIPAL_ID); empty: none.')
param operatorPrincipalId string = ''

@description('Principal type of operatorPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorPrincipalType string = 'User'

param storageAccountName string
param keyVaultName string
param applicationInsightsName string
param communicationServiceName string
param emailServiceName string

@description('Face resource created by this deployment; empty when none.')
param faceAccountName string = ''

var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultCertificateUser: 'db79e9a7-68ee-4b58-9aeb-b90e7c24fcba'
  keyVaultCryptoUser: '12338af0-0e69-4776-bea7-57ae8d297424'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  keyVaultCertificatesOfficer: 'a4417e6f-fecd-4de8-b567-7b0420556985'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  communicationAndEmailServiceOwner: '09976791-48a7-449e-bb21-39d1a415f350'
  cognitiveServicesFaceRecognizer: '9894cab4-e18a-44aa-828b-cb588cd6f2d7'
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource communicationService 'Microsoft.Communication/communicationServices@2023-04-01' existing = {
  name: communicationServiceName
}

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' existing = {
  name: emailServiceName
}

resource face 'Microsoft.CognitiveServices/accounts@2024-10-01' existing = if (!empty(faceAccountName)) {
  name: empty(faceAccountName) ? 'unused' : faceAccountName
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [
    roles.storageBlobDataOwner
    roles.storageQueueDataContributor
    roles.storageTableDataContributor
  ]: {
    name: guid(storage.id, appIdentityName, role)
    scope: storage
    properties: {
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

resource vaultRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [
    roles.keyVaultSecretsUser
    roles.keyVaultCertificateUser
    roles.keyVaultCryptoUser
  ]: {
    name: guid(vault.id, appIdentityName, role)
    scope: vault
    properties: {
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

resource telemetryRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, appIdentityName, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}

resource communicationRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communicationService.id, appIdentityName, roles.communicationAndEmailServiceOwner)
  scope: communicationService
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.communicationAndEmailServiceOwner)
  }
}

resource emailRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(emailService.id, appIdentityName, roles.communicationAndEmailServiceOwner)
  scope: emailService
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.communicationAndEmailServiceOwner)
  }
}

resource faceRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(faceAccountName)) {
  name: guid(face.id, appIdentityName, roles.cognitiveServicesFaceRecognizer)
  scope: face
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.cognitiveServicesFaceRecognizer)
  }
}

resource operatorVaultRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in (empty(operatorPrincipalId) ? [] : [roles.keyVaultSecretsOfficer, roles.keyVaultCertificatesOfficer]): {
    name: guid(vault.id, operatorPrincipalId, role)
    scope: vault
    properties: {
      principalId: operatorPrincipalId
      principalType: operatorPrincipalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]
