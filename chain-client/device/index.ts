/** The device SDK: keys, payload builders, proof, registration and usage receipt signing. */
export { DeviceKey, KeyType, keyTypeFromName, keyTypeName, type DeviceKeyTypeName, type ExportedDeviceKey } from "./keys";
export { payloads, PayloadCodec, type EnergyMeterMetadata, type EnergyMeterPayload, type EnvSensorMetadata, type EnvSensorPayload } from "./payloads";
export { signProof, signRegistration, proofToJson, proofFromJson, type ProofInput, type ProofJson } from "./proofs";
export { usageReceipt, signUsageAsDevice, signUsageAsUser, type UsageReceiptInput } from "./usage";
